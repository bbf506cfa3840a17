import '../../components/popup/popup.css';

/** The first frame normally takes a few ms; a database busy upgrading must not keep the popup from loading. */
const FIRST_PAINT_WAIT_MS = 300;

// React and Dexie load once /popup-first-paint.js has put the numbers on screen: evaluating them first would
// hold back the first frame. Its counts go on to the popup, which reads them itself only if there are none.
const painted = (window.stagebackFirstPaint ?? Promise.resolve(undefined)).catch(() => undefined);
const waited = new Promise<undefined>((resolve) => setTimeout(resolve, FIRST_PAINT_WAIT_MS));
void Promise.race([painted, waited]).then(async (counts) => (await import('./app')).mountPopup(counts));
