// The softphone page's entry point: the controller (softphone.ts) and its views (views/)
// mounted into the page's one root element, the test hook, and the sign-out of the ACD when
// the tab goes away.
import { render } from 'preact';
import { Softphone } from './softphone.js';
import { AppView } from './views/app-view.js';

const root = document.getElementById('app');
if (!root) throw new Error('softphone page: no #app element to mount into');
const softphone = new Softphone();
window.addEventListener('pagehide', () => softphone.leave());
window.__softphoneDebug = softphone.debugHook();
render(<AppView softphone={softphone} />, root);
