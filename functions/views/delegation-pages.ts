/** The delegation form (a component of the approval page) and the page after a delegation. */

/** The anti-forgery purpose of the delegation form (its token differs from the decision form's). */
export const DELEGATION_TOKEN_PURPOSE = 'approval-delegation';

export { delegationSection } from './components/delegation-form';
export { renderDelegated } from './pages/delegated';
