/** Links in e-mails and pages, from the public base URL (API Gateway's, or a custom domain). */
function base(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, '');
}

export function approvalLink(publicUrl: string, approvalId: string): string {
  return `${base(publicUrl)}/approvals/${approvalId}`;
}

/** The nominator's status page. */
export function statusLink(publicUrl: string, nominationId: string): string {
  return `${base(publicUrl)}/nominations/${nominationId}`;
}
