//! The counter's webview set up for a small, static UI on modest hardware: a counter
//! screen needs no GPU compositing (which loads the GL stack into the web process, about
//! 85 MB resident under Mesa's software renderer) and no browser-sized page caches.
//! Measured by `scripts/bench P7`.

/// Applies the settings to the window's webview; elsewhere than Linux the platform
/// webview keeps its defaults.
pub fn keep_the_webview_small<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    #[cfg(target_os = "linux")]
    {
        let applied = window.with_webview(|webview| {
            use webkit2gtk::{
                CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
            };
            let view = webview.inner();
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        if let Err(error) = applied {
            tracing::warn!("the webview keeps its default memory settings: {error}");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
