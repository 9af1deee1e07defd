//! Saving what the window shows as a PDF, through the web view's own printing
//! with its print style sheet: the monitoring report and the year report look the
//! same on paper and in the file.
//!
//! Linux: WebKitGTK prints to GTK's "Print to File" printer, without a dialog,
//! into the path given. Elsewhere the command says so, and the worker prints
//! with the system dialog instead (Windows has "Microsoft Print to PDF" there).

use std::path::Path;
#[cfg(target_os = "linux")]
use std::time::Duration;

use crate::error::{AppError, AppResult, ErrorCode};

/// How long a print may take before the command gives up (a year report of a
/// region is a few dozen pages).
#[cfg(target_os = "linux")]
const LIMIT: Duration = Duration::from_secs(120);

#[cfg(target_os = "linux")]
/// Prints what the app's window shows into `path`.
pub async fn save(path: &Path) -> AppResult<()> {
    let webview =
        crate::page::current().ok_or_else(|| failed("there is no window to print".into()))?;
    let uri = url_of(path)?;
    let (done, finished) = tokio::sync::oneshot::channel::<Result<(), String>>();
    webview
        .with_webview(move |platform| print_on_main_thread(&platform.inner(), &uri, done))
        .map_err(|e| failed(e.to_string()))?;
    match tokio::time::timeout(LIMIT, finished).await {
        Ok(Ok(Ok(()))) => Ok(()),
        Ok(Ok(Err(reason))) => Err(failed(reason)),
        Ok(Err(_)) => Err(failed("the print operation ended without an answer".into())),
        Err(_) => Err(failed("printing took too long".into())),
    }
}

#[cfg(not(target_os = "linux"))]
pub async fn save(_path: &Path) -> AppResult<()> {
    Err(AppError::new(
        ErrorCode::PdfUnavailable,
        "Saving a PDF directly is not available here; print and choose a PDF printer.",
    ))
}

/// Runs on GTK's main thread (`with_webview`): A4 portrait, to the file at `uri`.
#[cfg(target_os = "linux")]
fn print_on_main_thread(
    view: &webkit2gtk::WebView,
    uri: &str,
    done: tokio::sync::oneshot::Sender<Result<(), String>>,
) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use webkit2gtk::PrintOperationExt;

    let settings = gtk::PrintSettings::new();
    settings.set_printer("Print to File");
    settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
    settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(uri));
    let setup = gtk::PageSetup::new();
    setup.set_paper_size(&gtk::PaperSize::new(Some(gtk::PAPER_NAME_A4)));
    setup.set_orientation(gtk::PageOrientation::Portrait);

    let operation = webkit2gtk::PrintOperation::new(view);
    operation.set_print_settings(&settings);
    operation.set_page_setup(&setup);
    // Both signals may fire ("failed" is followed by "finished"); the first answers.
    let done = Rc::new(RefCell::new(Some(done)));
    let on_fail = Rc::clone(&done);
    operation.connect_failed(move |_, error| {
        if let Some(tx) = on_fail.borrow_mut().take() {
            let _ = tx.send(Err(error.to_string()));
        }
    });
    operation.connect_finished(move |_| {
        if let Some(tx) = done.borrow_mut().take() {
            let _ = tx.send(Ok(()));
        }
    });
    operation.print();
}

/// `file://` and the path, percent-encoded where a URI needs it.
#[cfg(target_os = "linux")]
fn url_of(path: &Path) -> AppResult<String> {
    tauri::Url::from_file_path(path)
        .map(|u| u.to_string())
        .map_err(|()| failed(format!("{} is not a full path", path.display())))
}

#[cfg(target_os = "linux")]
fn failed(reason: String) -> AppError {
    AppError::new(
        ErrorCode::PdfFailed,
        format!("The PDF could not be made: {reason}"),
    )
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_path_with_spaces_becomes_a_file_uri() {
        let uri = url_of(Path::new(
            "/home/ojg/Documents/Spil-exports/jaar verslag.pdf",
        ))
        .unwrap();
        assert_eq!(
            uri,
            "file:///home/ojg/Documents/Spil-exports/jaar%20verslag.pdf"
        );
        assert!(url_of(Path::new("relative.pdf")).is_err());
    }
}
