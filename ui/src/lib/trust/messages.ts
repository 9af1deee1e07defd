// The data and privacy screens' messages; `i18n/nl.ts` and `i18n/en.ts` take them in.
// Also: the privacy panel on a client's file, the backup reminder, the backup and
// retention settings, and the errors and rules these screens can meet.
export const trustNl = {
  "nav.trust": "Gegevens en privacy",
  "trust.title": "Gegevens en privacy",
  "trust.tabs": "Onderdelen",
  "trust.tab.backup": "Back-up",
  "trust.tab.log": "Logboek",
  "trust.tab.retention": "Bewaartermijn",

  "backup.title": "Back-up",
  "backup.last": "Laatste back-up: {when} ({ago}).",
  "backup.never": "Er is nog nooit een back-up gemaakt.",
  "backup.today": "vandaag",
  "backup.oneDay": "1 dag geleden",
  "backup.days": "{days} dagen geleden",
  "backup.lastPath": "Opgeslagen als: {path}",
  "backup.folder": "Nieuwe back-ups gaan naar: {folder}",
  "backup.reminder":
    "Spil herinnert je eraan als de laatste back-up {days} dagen of ouder is. Map en herinnering stel je in bij Instellingen.",
  "backup.advice":
    "Bewaar back-ups op een andere schijf of een USB-stick. Een back-up is versleuteld; terugzetten vraagt de wachtwoordzin die gold toen hij werd gemaakt.",
  "backup.make": "Back-up maken",
  "backup.busy": "Bezig met back-up maken en controleren…",
  "backup.done": "Back-up gemaakt en gecontroleerd: {path} ({kb} kB).",

  "restore.title": "Back-up terugzetten",
  "restore.intro":
    "Zet je caseload terug zoals die was op het moment van een back-up. Wat je daarna hebt ingevoerd, gaat verloren. Je huidige gegevens worden pas vervangen als de back-up helemaal is gecontroleerd.",
  "restore.available": "Back-ups in de back-upmap",
  "restore.none": "Geen back-ups gevonden in de back-upmap.",
  "restore.file": "Bestand",
  "restore.size": "Grootte",
  "restore.modified": "Gemaakt",
  "restore.choose": "Kies {name}",
  "restore.path": "Back-upbestand (volledig pad)",
  "restore.passphrase": "Wachtwoordzin van de back-up",
  "restore.passphraseHint":
    "De wachtwoordzin die gold toen de back-up werd gemaakt. Na het terugzetten ontgrendel je daarmee.",
  "restore.understand": "Ik begrijp dat wat ik na deze back-up heb ingevoerd verloren gaat.",
  "restore.needUnderstand": "Bevestig eerst dat je dit begrijpt.",
  "restore.submit": "Terugzetten",
  "restore.busy": "Bezig met terugzetten en controleren…",
  "restore.done":
    "Teruggezet: je caseload is weer zoals op {when}. Ontgrendel voortaan met de wachtwoordzin van deze back-up.",
  "restore.current": "Huidige wachtwoordzin van deze kluis",
  "restore.currentHint": "Terugzetten vervangt je huidige kluis; daarvoor is de wachtwoordzin van nu nodig.",
  "restore.keepAside":
    "Ik weet de huidige wachtwoordzin niet meer: zet de huidige kluis versleuteld opzij in plaats van hem te vervangen.",
  "restore.reapplied": "Dossiers die na deze back-up zijn vernietigd, zijn opnieuw vernietigd: {count}.",
  "restore.keptAside": "De vorige kluis staat versleuteld in {path}.",
  "restore.failedLocked":
    "Terugzetten is niet gelukt: {reason} Je gegevens zijn niet veranderd. Ontgrendel met je huidige wachtwoordzin.",
  "restore.haveBackup": "Heb je al een back-up van Spil, bijvoorbeeld van je vorige laptop?",
  "restore.forgotten": "Wachtwoordzin vergeten, maar wel een back-up?",
  "restore.introFirstRun":
    "Zet je caseload over van een back-up, bijvoorbeeld van een USB-stick. Daarna ontgrendel je met de wachtwoordzin die gold toen de back-up werd gemaakt.",
  "restore.introLocked":
    "Zet je caseload terug zoals die was op het moment van een back-up, met de wachtwoordzin die toen gold. Wat je daarna hebt ingevoerd, gaat verloren. Je huidige gegevens worden pas vervangen als de back-up helemaal is gecontroleerd.",

  "log.title": "Logboek",
  "log.intro":
    "Spil legt elke handeling vast: wanneer, wie, wat en bij welk dossier. Namen van cliënten staan er niet in.",
  "log.chainOk": "Bij het ontgrendelen is de keten van het logboek gecontroleerd: in orde ({events} gebeurtenissen).",
  "log.chainOkNew": "De keten van het logboek is in orde (de kluis is in deze sessie gemaakt).",
  "log.chainBroken":
    "Het logboek is niet in orde vanaf gebeurtenis {seq}: er is een gebeurtenis gewijzigd of verwijderd. Meld dit bij de functionaris gegevensbescherming.",
  "log.filter": "Handeling",
  "log.at": "Tijdstip",
  "log.actor": "Wie",
  "log.action": "Handeling",
  "log.what": "Wat",
  "log.file": "Dossier",
  "log.more": "Oudere gebeurtenissen",
  "log.empty": "Geen gebeurtenissen.",
  "log.caption": "Gebeurtenissen, nieuwste eerst",
  "audit.action.create": "aangemaakt",
  "audit.action.read": "ingezien",
  "audit.action.update": "gewijzigd",
  "audit.action.delete": "verwijderd",
  "audit.action.import": "geïmporteerd",
  "audit.action.export": "geëxporteerd",
  "audit.action.print": "afgedrukt of meegegeven",
  "audit.action.backup": "back-up gemaakt",
  "audit.action.restore": "back-up teruggezet",
  "audit.action.search": "gezocht",
  "audit.action.unlock": "ontgrendeld",
  "audit.action.unlock_failed": "ontgrendelen mislukt",
  "audit.action.lock": "vergrendeld",

  "retention.title": "Bewaartermijn",
  "retention.intro":
    "Een dossier wordt {years} jaar na de laatste wijziging bewaard (Jeugdwet). Deze dossiers zijn ouder en horen te worden vernietigd.",
  "retention.term": "Bewaartermijn in jaren (minstens 20; de wijziging wordt vastgelegd in het logboek)",
  "retention.termSave": "Termijn opslaan",
  "retention.termSaved": "De bewaartermijn is nu {years} jaar.",
  "retention.none": "Er zijn geen dossiers waarvan de laatste wijziging meer dan {years} jaar geleden is.",
  "retention.name": "Jeugdige",
  "retention.lastChange": "Laatste wijziging",
  "retention.trajectories": "Trajecten",
  "retention.destroy": "Vernietigen…",

  "destroy.title": "Dossier vernietigen",
  "destroy.intro":
    "Het hele dossier van {name} wordt definitief verwijderd: persoonsgegevens, alle trajecten, gesprekken en notities. Dit kan niet ongedaan worden gemaakt. In het logboek blijft alleen staan dat een dossier is vernietigd, en waarom.",
  "destroy.backups": "Back-ups die eerder zijn gemaakt, bevatten het dossier nog.",
  "destroy.reason": "Reden",
  "destroy.reasonPick": "Kies een reden",
  "destroy.reason.request_by_youth": "Verzoek van de jeugdige (12 jaar of ouder)",
  "destroy.reason.request_by_parent": "Verzoek van ouder of voogd",
  "destroy.reason.retention_expired": "Bewaartermijn verstreken",
  "destroy.reason.registered_in_error": "Ten onrechte geregistreerd",
  "destroy.word": "vernietigen",
  "destroy.confirm": "Typ ‘{word}’ om te bevestigen",
  "destroy.submit": "Definitief vernietigen",
  "destroy.needReason": "Kies een reden.",
  "destroy.needWord": "Typ ‘{word}’ om te bevestigen.",
  "destroy.done": "Het dossier is vernietigd.",

  "rights.title": "Privacy van dit dossier",
  "rights.history": "Toegangsgeschiedenis",
  "rights.historyShow": "Wie heeft dit dossier gezien?",
  "rights.inzage": "Inzage",
  "rights.inzageIntro":
    "Alles wat over deze jeugdige is vastgelegd, als document voor de cliënt. Tonen en opslaan worden vastgelegd in het logboek. Het document is altijd in het Nederlands: de taal van de cliënt en van het dossier.",
  "rights.inzageShow": "Inzage tonen",
  "rights.print": "Afdrukken",
  "rights.jsonFolder": "Map voor het JSON-bestand",
  "rights.jsonPlaintext":
    "Let op: het JSON-bestand is niet versleuteld. Kies een map die niet wordt gedeeld of gesynchroniseerd (geen OneDrive, Dropbox of back-upmap), geef het bestand aan de cliënt en verwijder het daarna.",
  "rights.saveJson": "Opslaan als JSON",
  "rights.savedJson": "Opgeslagen: {path}",
  "rights.close": "Sluiten",
  "rights.destroy": "Dossier vernietigen…",

  "reminder.never":
    "Je hebt nog geen back-up gemaakt. Maak er een, zodat je caseload niet verloren gaat als deze laptop stukgaat.",
  "reminder.due": "Je laatste back-up is van {when}, {days} dagen geleden.",
  "reminder.go": "Back-up maken",

  "settings.backupTitle": "Back-up en bewaren",
  "settings.backupFolder": "Map voor back-ups",
  "settings.backupFolderHint":
    "Het volledige pad, liefst op een andere schijf of USB-stick. Spil maakt de map als hij nog niet bestaat.",
  "settings.reminderDays": "Herinneren als de laatste back-up ouder is dan (dagen)",

  "error.backup_damaged":
    "Dit bestand is geen bruikbare Spil-back-up: het is beschadigd, onvolledig of geen back-up. Er is niets veranderd.",
  "error.backup_foreign": "Deze back-up hoort bij een andere kluis. Er is niets veranderd.",
  "error.database_refused":
    "Het gegevensbestand van de kluis ontbreekt, is leeg, vervangen of van een andere kluis. Er is niets aan veranderd. Zet een back-up terug.",
  "error.restore_needs_passphrase":
    "Vul de huidige wachtwoordzin van de kluis in, of kies ervoor de huidige kluis opzij te zetten.",
  "error.retention_not_due": "De bewaartermijn van dit dossier is nog niet verstreken.",
  "error.no_space": "Niet genoeg vrije schijfruimte; er is niets geschreven.",
  "error.vault_too_new":
    "Deze gegevens zijn gemaakt met een nieuwere versie van Spil. Werk Spil eerst bij; er is niets veranderd.",
  "error.key_file": "Het sleutelbestand is beschadigd of onleesbaar.",
  "rule.not_absolute": "Geef het volledige pad van de map.",
  "rule.inside_vault": "Kies een map buiten de gegevensmap van Spil, liefst op een andere schijf.",
  "rule.not_writable": "In deze map kan niet worden geschreven.",
  "rule.database_missing":
    "Het sleutelbestand van de kluis is er, maar het gegevensbestand (spil.db) ontbreekt. Er is niets veranderd. Zet een back-up terug.",
  "rule.database_empty":
    "Het gegevensbestand van de kluis is leeg: de caseload is weg uit dit bestand. Er is niets veranderd. Zet een back-up terug.",
  "rule.database_not_this_key":
    "Het gegevensbestand opent niet met de sleutel van deze kluis: het is vervangen of beschadigd. Er is niets veranderd. Zet een back-up terug.",
  "rule.database_other_vault":
    "Het gegevensbestand hoort bij een andere kluis. Er is niets veranderd. Zet de back-up van deze kluis terug.",
} as const;

export const trustEn: Record<keyof typeof trustNl, string> = {
  "nav.trust": "Data and privacy",
  "trust.title": "Data and privacy",
  "trust.tabs": "Sections",
  "trust.tab.backup": "Backup",
  "trust.tab.log": "Audit log",
  "trust.tab.retention": "Retention",

  "backup.title": "Backup",
  "backup.last": "Last backup: {when} ({ago}).",
  "backup.never": "No backup has been made yet.",
  "backup.today": "today",
  "backup.oneDay": "1 day ago",
  "backup.days": "{days} days ago",
  "backup.lastPath": "Saved as: {path}",
  "backup.folder": "New backups go to: {folder}",
  "backup.reminder":
    "Spil reminds you when the last backup is {days} days old or older. Set the folder and the reminder in Settings.",
  "backup.advice":
    "Keep backups on another disk or a USB stick. A backup is encrypted; restoring asks for the passphrase that was current when it was made.",
  "backup.make": "Make a backup",
  "backup.busy": "Making and checking the backup…",
  "backup.done": "Backup made and checked: {path} ({kb} kB).",

  "restore.title": "Restore a backup",
  "restore.intro":
    "Bring your caseload back to how it was when a backup was made. Whatever you entered since is lost. Your current data is replaced only once the backup has been fully checked.",
  "restore.available": "Backups in the backup folder",
  "restore.none": "No backups found in the backup folder.",
  "restore.file": "File",
  "restore.size": "Size",
  "restore.modified": "Made",
  "restore.choose": "Choose {name}",
  "restore.path": "Backup file (full path)",
  "restore.passphrase": "The backup's passphrase",
  "restore.passphraseHint":
    "The passphrase that was current when the backup was made. After restoring, you unlock with it.",
  "restore.understand": "I understand that what I entered after this backup will be lost.",
  "restore.needUnderstand": "First confirm that you understand this.",
  "restore.submit": "Restore",
  "restore.busy": "Restoring and checking…",
  "restore.done": "Restored: your caseload is as it was on {when}. From now on, unlock with this backup's passphrase.",
  "restore.current": "This vault's current passphrase",
  "restore.currentHint": "Restoring replaces your current vault; that takes today's passphrase.",
  "restore.keepAside":
    "I no longer know the current passphrase: keep the current vault aside, encrypted, instead of replacing it.",
  "restore.reapplied": "Files destroyed after this backup was made have been destroyed again: {count}.",
  "restore.keptAside": "The previous vault is kept, encrypted, in {path}.",
  "restore.failedLocked": "Restoring failed: {reason} Your data has not changed. Unlock with your current passphrase.",
  "restore.haveBackup": "Already have a Spil backup, for instance from your previous laptop?",
  "restore.forgotten": "Forgot your passphrase, but have a backup?",
  "restore.introFirstRun":
    "Bring your caseload over from a backup, for instance on a USB stick. Afterwards you unlock with the passphrase that was current when the backup was made.",
  "restore.introLocked":
    "Bring your caseload back to how it was when a backup was made, with the passphrase that was current then. Whatever you entered since is lost. Your current data is replaced only once the backup has been fully checked.",

  "log.title": "Audit log",
  "log.intro": "Spil records every action: when, who, what and on which file. Client names are not in it.",
  "log.chainOk": "The audit log's chain was checked at unlock: intact ({events} events).",
  "log.chainOkNew": "The audit log's chain is intact (the vault was made in this session).",
  "log.chainBroken":
    "The audit log is not intact from event {seq}: an event was altered or removed. Report this to the data protection officer.",
  "log.filter": "Action",
  "log.at": "Time",
  "log.actor": "Who",
  "log.action": "Action",
  "log.what": "What",
  "log.file": "File",
  "log.more": "Older events",
  "log.empty": "No events.",
  "log.caption": "Events, newest first",
  "audit.action.create": "created",
  "audit.action.read": "viewed",
  "audit.action.update": "changed",
  "audit.action.delete": "deleted",
  "audit.action.import": "imported",
  "audit.action.export": "exported",
  "audit.action.print": "printed or handed out",
  "audit.action.backup": "backup made",
  "audit.action.restore": "backup restored",
  "audit.action.search": "searched",
  "audit.action.unlock": "unlocked",
  "audit.action.unlock_failed": "unlock failed",
  "audit.action.lock": "locked",

  "retention.title": "Retention",
  "retention.intro":
    "A file is kept {years} years after its last change (Youth Act). These files are older and should be destroyed.",
  "retention.term": "Retention term in years (at least 20; the change is recorded in the log)",
  "retention.termSave": "Save term",
  "retention.termSaved": "The retention term is now {years} years.",
  "retention.none": "No file was last changed more than {years} years ago.",
  "retention.name": "Youth",
  "retention.lastChange": "Last change",
  "retention.trajectories": "Trajectories",
  "retention.destroy": "Destroy…",

  "destroy.title": "Destroy file",
  "destroy.intro":
    "The whole file of {name} is deleted for good: personal details, every trajectory, conversation and note. This cannot be undone. The audit log keeps only that a file was destroyed, and why.",
  "destroy.backups": "Backups made before still hold the file.",
  "destroy.reason": "Reason",
  "destroy.reasonPick": "Choose a reason",
  "destroy.reason.request_by_youth": "Request of the youth (12 or older)",
  "destroy.reason.request_by_parent": "Request of a parent or guardian",
  "destroy.reason.retention_expired": "Retention period passed",
  "destroy.reason.registered_in_error": "Registered in error",
  "destroy.word": "destroy",
  "destroy.confirm": "Type ‘{word}’ to confirm",
  "destroy.submit": "Destroy for good",
  "destroy.needReason": "Choose a reason.",
  "destroy.needWord": "Type ‘{word}’ to confirm.",
  "destroy.done": "The file has been destroyed.",

  "rights.title": "Privacy of this file",
  "rights.history": "Access history",
  "rights.historyShow": "Who has seen this file?",
  "rights.inzage": "Inzage (subject access)",
  "rights.inzageIntro":
    "Everything recorded about this youth, as a document for the client. Showing and saving it are recorded in the audit log. The document is always in Dutch, on purpose: the language of the client and of the file.",
  "rights.inzageShow": "Show inzage",
  "rights.print": "Print",
  "rights.jsonFolder": "Folder for the JSON file",
  "rights.jsonPlaintext":
    "Note: the JSON file is not encrypted. Choose a folder that is not shared or synced (no OneDrive, Dropbox or backup folder), hand the file to the client and delete it afterwards.",
  "rights.saveJson": "Save as JSON",
  "rights.savedJson": "Saved: {path}",
  "rights.close": "Close",
  "rights.destroy": "Destroy file…",

  "reminder.never": "You have not made a backup yet. Make one, so your caseload is not lost if this laptop breaks.",
  "reminder.due": "Your last backup is from {when}, {days} days ago.",
  "reminder.go": "Make a backup",

  "settings.backupTitle": "Backup and retention",
  "settings.backupFolder": "Folder for backups",
  "settings.backupFolderHint":
    "The full path, preferably on another disk or a USB stick. Spil makes the folder if it does not exist.",
  "settings.reminderDays": "Remind when the last backup is older than (days)",

  "error.backup_damaged":
    "This file is not a usable Spil backup: it is damaged, incomplete or not a backup. Nothing was changed.",
  "error.backup_foreign": "This backup belongs to another vault. Nothing was changed.",
  "error.database_refused":
    "The vault's data file is missing, empty, replaced or another vault's. Nothing was changed in it. Restore a backup.",
  "error.restore_needs_passphrase": "Enter the vault's current passphrase, or choose to keep the current vault aside.",
  "error.retention_not_due": "This file's retention term has not passed yet.",
  "error.no_space": "Not enough free disk space; nothing was written.",
  "error.vault_too_new": "This data was made with a newer version of Spil. Update Spil first; nothing was changed.",
  "error.key_file": "The key file is damaged or unreadable.",
  "rule.not_absolute": "Give the full path of the folder.",
  "rule.inside_vault": "Choose a folder outside Spil's data folder, preferably on another disk.",
  "rule.not_writable": "This folder cannot be written to.",
  "rule.database_missing":
    "The vault's key file is there, but its database file (spil.db) is missing. Nothing was changed. Restore a backup.",
  "rule.database_empty":
    "The vault's database file is empty: the caseload is gone from this file. Nothing was changed. Restore a backup.",
  "rule.database_not_this_key":
    "The database file does not open with this vault's key: it was replaced or is damaged. Nothing was changed. Restore a backup.",
  "rule.database_other_vault":
    "The database file belongs to another vault. Nothing was changed. Restore this vault's backup.",
};
