import { html } from '../html';
import { MINISTRY_BLUE } from './layout';

/** The nomination form's own rules (its groups, radio and checkbox choices, the consent text): `layout`'s `pageStyle`. */
export const FORM_STYLE = html`
fieldset.group{border:1px solid #d6dce6;padding:1rem;margin-bottom:1.5rem}
fieldset.group>legend{font-size:1.125rem;color:${MINISTRY_BLUE};padding:0 .25rem}
.req{color:#c0392b;font-weight:400;font-size:.875rem}
input[type=number]{max-width:8rem}
input[type=month]{max-width:14rem}
.choice{display:flex;align-items:flex-start;gap:.5rem;margin:.35rem 0}
.choice input{width:1.25rem;height:1.25rem;margin:.2rem 0 0;flex:none}
.choice label{font-weight:400;margin:0}
ol.categories{margin:.25rem 0;padding-left:1.5rem}
.consent-text{font-size:.9rem;background:#f7f9fc;border:1px solid #d6dce6;padding:.75rem 1rem;margin:.5rem 0}
.consent-text ul{margin:0;padding-left:1.25rem}
`;
