import '../../components/popup/popup.css';

// React and Dexie load once /popup-first-paint.js has put the numbers on screen: evaluating them first would
// hold back the first frame. The import is not awaited by anything; errors show in the console.
void (window.stagebackFirstPaint ?? Promise.resolve()).finally(() => import('./app'));
