import '../../components/popup/popup.css';

/** The first frame normally takes a few ms; a database busy upgrading must not keep the popup from loading. */
const FIRST_PAINT_WAIT_MS = 300;

// React and Dexie load once /popup-first-paint.js has put the numbers on screen: evaluating them first would
// hold back the first frame. Errors of the import show in the console.
const painted = window.stagebackFirstPaint ?? Promise.resolve();
const waited = new Promise((resolve) => setTimeout(resolve, FIRST_PAINT_WAIT_MS));
void Promise.race([painted, waited])
  .catch(() => undefined)
  .then(() => import('./app'));
