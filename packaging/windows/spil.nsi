; Spil's Windows installer, for NSIS 3 (makensis). Built by scripts/windows-installer.sh
; (`make windows`), which passes:
;   VERSION  the app version, e.g. 0.1.0
;   STAGE    the folder holding spil-app.exe, spil.exe, WebView2Loader.dll, spil-console.cmd
;   ICON     the app icon (.ico)
;   OUTFILE  where the installer goes
;
; What it does: installs for the current user only (no administrator rights) into
; %LOCALAPPDATA%\Programs\Spil, with Start-menu shortcuts to the app and to a command
; prompt where `spil` works, and an entry under Apps for uninstalling. It downloads
; nothing. It does not install the WebView2 runtime (Windows 10 and 11 include it); when
; the runtime is missing it says so and installs anyway. The vault in
; %APPDATA%\nl.spil.app is never touched, also not by the uninstaller.

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user
ManifestDPIAware true

!define PRODUCT "Spil"
!define IDENTIFIER "nl.spil.app"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
; The Evergreen WebView2 runtime's client id; present in one of these keys when installed.
!define WEBVIEW2_CLIENT "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT}"
InstallDirRegKey HKCU "Software\${IDENTIFIER}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} installer"
VIAddVersionKey /LANG=0 "LegalCopyright" "EUPL-1.2"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\spil-app.exe"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default; Windows' display language picks the other.
!insertmacro MUI_LANGUAGE "Dutch"
!insertmacro MUI_LANGUAGE "English"

LangString ConsoleShortcut ${LANG_DUTCH} "Spil-opdrachtregel"
LangString ConsoleShortcut ${LANG_ENGLISH} "Spil command line"
LangString NoWebView2 ${LANG_DUTCH} "Spil heeft Microsoft Edge WebView2 Runtime nodig, en die is niet gevonden. Windows 10 en 11 hebben hem normaal al; anders komt hij via Windows Update of de website van Microsoft. Tot hij er is, opent Spil niet. De opdracht spil werkt wel. Toch installeren?"
LangString NoWebView2 ${LANG_ENGLISH} "Spil needs the Microsoft Edge WebView2 Runtime, which was not found. Windows 10 and 11 normally include it; otherwise it comes with Windows Update or from Microsoft's website. Until it is there, Spil does not open. The spil command does work. Install anyway?"
LangString Not64Bit ${LANG_DUTCH} "Spil werkt alleen op 64-bits Windows."
LangString Not64Bit ${LANG_ENGLISH} "Spil runs on 64-bit Windows only."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "$(Not64Bit)" /SD IDOK
    Abort
  ${EndIf}
  SetRegView 64
  ; The runtime registers under the machine (32-bit view on 64-bit Windows) or the user.
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_CLIENT}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "$(NoWebView2)" /SD IDYES IDYES install_anyway
    Abort
    install_anyway:
  ${EndIf}
FunctionEnd

Section "Spil" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\spil-app.exe"
  File "${STAGE}\WebView2Loader.dll"
  File "${STAGE}\spil.exe"
  File "${STAGE}\spil-console.cmd"
  File "/oname=spil.ico" "${ICON}"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  ; Start menu (this user): the app, and a command prompt with spil on its PATH.
  CreateShortcut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\spil-app.exe" "" "$INSTDIR\spil-app.exe" 0
  CreateShortcut "$SMPROGRAMS\$(ConsoleShortcut).lnk" "$SYSDIR\cmd.exe" '/k "$INSTDIR\spil-console.cmd"' "$INSTDIR\spil.ico" 0

  WriteRegStr HKCU "Software\${IDENTIFIER}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\spil-app.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

; Removes the program only. The vault, backups and exports are the worker's data and stay.
Section "Uninstall"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  ; Both languages' names: the uninstaller may run in the other one.
  Delete "$SMPROGRAMS\Spil-opdrachtregel.lnk"
  Delete "$SMPROGRAMS\Spil command line.lnk"
  Delete "$INSTDIR\spil-app.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\spil.exe"
  Delete "$INSTDIR\spil-console.cmd"
  Delete "$INSTDIR\spil.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\${IDENTIFIER}"
SectionEnd
