import { html } from '../html';
import { MINISTRY_BLUE } from './layout';

/** The status page's stepper (the stages as steps; one column on narrow screens): `layout`'s `pageStyle`. */
export const STEPPER_STYLE = html`
ol.stepper{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem;padding:0;margin:1rem 0}
ol.stepper li{flex:1 1 8rem;padding:.5rem .75rem;border:2px solid #c9d3e3;background:#fff;color:#555;font-size:.9375rem}
ol.stepper li.done{border-color:${MINISTRY_BLUE};background:#eef2f8;color:#1d1d1f}
ol.stepper li.current{border-color:${MINISTRY_BLUE};background:${MINISTRY_BLUE};color:#fff;font-weight:700}
ol.stepper li.stopped{border-color:#a42a1f;background:#a42a1f;color:#fff;font-weight:700}
@media (max-width:36rem){ol.stepper{flex-direction:column}}
`;
