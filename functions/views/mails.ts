import type { Cycle, Person } from '../domain/cycle';
import type { Draft } from '../domain/draft';
import type { Nomination } from '../domain/nomination';
import type { QuotaUsage } from '../domain/quota';
import { type ReviewStage, STAGE_LABELS } from '../domain/stages';
import {
  categoryName,
  esc,
  escMultiline,
  formatKst,
  formatMeritPeriod,
  MINISTRY_BLUE,
  NOMINEE_TYPE_LABELS,
  nomineeLabel,
  oneLine,
  quotaUsageLine,
} from './common';

export type RenderedMail = { subject: string; text: string; html: string };

/**
 * A mail is written once as blocks and rendered twice, as plain text and as HTML, so the two
 * versions always say the same thing.
 */
type Block =
  | { readonly kind: 'p'; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'fields'; readonly rows: ReadonlyArray<readonly [string, string | undefined]> }
  | { readonly kind: 'quote'; readonly text: string }
  | { readonly kind: 'link'; readonly label: string; readonly url: string }
  | { readonly kind: 'note'; readonly text: string };

const SIGNATURE = '고용노동부 고용서비스정책과 · 올해의 고용서비스상 사무국';
const NO_REPLY = '이 메일은 발신 전용입니다. 문의는 고용노동부 고용서비스정책과로 해 주세요.';

function presentRows(
  rows: ReadonlyArray<readonly [string, string | undefined]>,
): Array<readonly [string, string]> {
  return rows.filter((row): row is readonly [string, string] => row[1] !== undefined && row[1] !== '');
}

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    case 'heading':
      return `■ ${block.text}`;
    case 'fields':
      return presentRows(block.rows)
        .map(([label, value]) => `- ${label}: ${value.replace(/\r\n|\r|\n/g, '\n  ')}`)
        .join('\n');
    case 'quote':
      return block.text
        .split(/\r\n|\r|\n/)
        .map((line) => `  ${line}`)
        .join('\n');
    case 'link':
      return `${block.label}:\n${block.url}`;
    case 'note':
      return `※ ${block.text}`;
  }
}

function blockHtml(block: Block): string {
  switch (block.kind) {
    case 'p':
      return `<p style="margin:0 0 16px">${escMultiline(block.text)}</p>`;
    case 'heading':
      return `<h2 style="margin:24px 0 8px;font-size:16px;color:${MINISTRY_BLUE};border-bottom:2px solid ${MINISTRY_BLUE};padding-bottom:4px">${esc(block.text)}</h2>`;
    case 'fields': {
      const rows = presentRows(block.rows)
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 12px 6px 0;white-space:nowrap;color:#444">${esc(label)}</th><td style="padding:6px 0;vertical-align:top">${escMultiline(value)}</td></tr>`,
        )
        .join('\n');
      return `<table style="border-collapse:collapse;margin:0 0 16px;font-size:15px">\n${rows}\n</table>`;
    }
    case 'quote':
      return `<blockquote style="margin:0 0 16px;padding:12px 16px;background:#f4f6f9;border-left:4px solid ${MINISTRY_BLUE}">${escMultiline(block.text)}</blockquote>`;
    case 'link':
      return `<p style="margin:0 0 16px"><a href="${esc(block.url)}" style="display:inline-block;padding:10px 20px;background:${MINISTRY_BLUE};color:#ffffff;font-weight:bold;text-decoration:none">${esc(block.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#555">버튼이 열리지 않으면 이 주소를 브라우저에 붙여 넣어 주세요:<br><a href="${esc(block.url)}" style="color:${MINISTRY_BLUE};word-break:break-all">${esc(block.url)}</a></p>`;
    case 'note':
      return `<p style="margin:0 0 16px;font-size:14px;color:#444">※ ${escMultiline(block.text)}</p>`;
  }
}

function renderMail(subject: string, blocks: readonly Block[]): RenderedMail {
  const cleanSubject = oneLine(subject);
  const text = `${[...blocks.map(blockText), `-- \n${SIGNATURE}\n${NO_REPLY}`].join('\n\n')}\n`;
  const html = `<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(cleanSubject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f6f9">
<div style="max-width:640px;margin:0 auto;background:#ffffff;font-family:'Malgun Gothic','맑은 고딕','Apple SD Gothic Neo',sans-serif;font-size:15px;line-height:1.6;color:#1d1d1f">
<div style="background:${MINISTRY_BLUE};color:#ffffff;padding:12px 20px;font-weight:bold">고용노동부 · 올해의 고용서비스상</div>
<div style="padding:20px">
${blocks.map(blockHtml).join('\n')}
<hr style="border:0;border-top:1px solid #d6dce6;margin:24px 0 12px">
<p style="margin:0;font-size:13px;color:#555">${esc(SIGNATURE)}<br>${esc(NO_REPLY)}</p>
</div>
</div>
</body>
</html>
`;
  return { subject: cleanSubject, text, html };
}

function nomineeRows(
  nomination: Nomination,
  cycle: Cycle,
): ReadonlyArray<readonly [string, string | undefined]> {
  return [
    ['추천번호', nomination.id],
    ['분야', categoryName(cycle, nomination.category)],
    ['후보 유형', NOMINEE_TYPE_LABELS[nomination.nomineeType]],
    ['성명(기관명)', nomination.nominee.name],
    ['소속', nomination.nominee.affiliation],
    ['직위', nomination.nominee.position],
    ['공적기간', formatMeritPeriod(nomination.meritPeriod)],
  ];
}

/** To the approver of a review stage: what is asked, the nomination in short, the personal link. */
/** Why an approval mail goes out: the first request, a reminder, or an overdue request's escalation. */
export type ApprovalMailKind =
  | { readonly kind: 'request' }
  | { readonly kind: 'reminder'; readonly number: number }
  | { readonly kind: 'escalation'; readonly originalApprover: Person }
  | { readonly kind: 'delegation'; readonly from: Person };

export function approvalRequestMail(model: {
  nomination: Nomination;
  cycle: Cycle;
  stage: ReviewStage;
  approver: Person;
  link: string;
  /** The review deadline shown to the approver. */
  dueAt: string;
  /** When the link stops working (later than dueAt while an escalation period runs). */
  expiresAt: string;
  why?: ApprovalMailKind;
  /** The approver's batch review page of the stage (HQ and the minister's office): all that waits for them. */
  reviewLink?: string;
}): RenderedMail {
  const { nomination, cycle, stage, approver, link, dueAt, expiresAt } = model;
  const why = model.why ?? { kind: 'request' };
  const stageLabel = STAGE_LABELS[stage];
  const subjectPrefix =
    why.kind === 'reminder'
      ? '[처리 기한 안내] '
      : why.kind === 'escalation'
        ? '[기한 경과·대결 요청] '
        : why.kind === 'delegation'
          ? '[위임] '
          : '';
  const opening =
    why.kind === 'reminder'
      ? `${cycle.title} 추천서의 ${stageLabel} 결정이 아직 접수되지 않아 다시 안내드립니다 (${why.number}차). 처리 기한은 ${formatKst(dueAt)}입니다. 처음 받으신 메일의 링크와 아래 링크는 같은 링크이며, 어느 쪽으로든 결정하실 수 있습니다.`
      : why.kind === 'delegation'
        ? `${why.from.name} 님이 ${cycle.title} 추천서의 ${stageLabel} 결정을 위임하셨습니다. 아래 링크에서 추천 내용을 확인하신 뒤 승인, 반려 또는 보완 요청 중 하나를 선택해 주세요. 위임한 분의 링크로는 더 이상 결정할 수 없습니다.`
        : why.kind === 'escalation'
          ? `${cycle.title} 추천서의 ${stageLabel} 결정이 처리 기한(${formatKst(dueAt)})까지 접수되지 않아, 대결을 요청드립니다. ${why.originalApprover.name} 님도 계속 결정하실 수 있으며, 먼저 접수된 결정 하나만 유효합니다.`
          : `${cycle.title} 추천서의 ${stageLabel} 결정을 요청드립니다. 아래 링크에서 추천 내용을 확인하신 뒤 승인, 반려 또는 보완 요청 중 하나를 선택해 주세요.`;
  return renderMail(
    `[고용서비스상] ${subjectPrefix}${stageLabel} 요청: ${nomination.nominee.name} (${nomination.nominee.affiliation})`,
    [
      { kind: 'p', text: `${approver.name} 님께` },
      { kind: 'p', text: opening },
      { kind: 'heading', text: '심사 대상' },
      { kind: 'fields', rows: nomineeRows(nomination, cycle) },
      { kind: 'heading', text: '공적요지' },
      { kind: 'quote', text: nomination.meritSummary },
      { kind: 'heading', text: '결정하기' },
      { kind: 'link', label: '추천서 확인 및 결정하기', url: link },
      {
        kind: 'fields',
        rows: [
          ['처리 기한', formatKst(dueAt)],
          ...(expiresAt !== dueAt ? ([['링크 사용 기한', formatKst(expiresAt)]] as [string, string][]) : []),
        ],
      },
      {
        kind: 'note',
        text: '링크를 열면 추천서 내용과 승인·반려·보완 요청 버튼이 표시됩니다. 링크를 여는 것만으로는 아무것도 결정되지 않으며, 버튼을 눌러야 결정이 접수됩니다.',
      },
      {
        kind: 'note',
        text: `이 링크는 ${approver.name} 님 전용입니다. 다른 사람에게 전달하지 마세요. 기한이 지나면 링크를 사용할 수 없습니다.`,
      },
      ...reviewLinkBlocks(stage, model.reviewLink),
    ],
  );
}

/** The batch review link in an approval mail: every nomination waiting at the stage, decided at once. */
function reviewLinkBlocks(stage: ReviewStage, reviewLink: string | undefined): Block[] {
  if (!reviewLink) return [];
  return [
    { kind: 'heading', text: '여러 건 한 번에 심사하기 (일괄 심사)' },
    {
      kind: 'p',
      text: `${STAGE_LABELS[stage]} 결정을 기다리는 추천서 전체를 분야별로 보고, 여러 건을 골라 한 번에 승인·반려·보완 요청할 수 있습니다. 수상 한도 현황도 함께 표시됩니다.`,
    },
    { kind: 'link', label: '일괄 심사 페이지 열기', url: reviewLink },
    {
      kind: 'note',
      text: '일괄 심사 링크는 받는 분의 주소 전용이며, 승인 요청 메일과 매일 보내 드리는 대기 현황 메일에 같은 링크가 실립니다. 이 메일의 개별 링크도 그대로 사용할 수 있습니다.',
    },
  ];
}

/** The daily digest to HQ or the minister's office: what waits for them at their stage, and their batch review link. */
export function reviewDigestMail(model: {
  cycle: Cycle;
  stage: ReviewStage;
  reviewer: Person;
  link: string;
  /** The link works at least until then (each mail that carries it renews it). */
  linkExpiresAt: string;
  /** The KST day of the digest, `2026-11-03`. */
  day: string;
  /** The nominations the reviewer can decide now. */
  waiting: readonly {
    readonly category: string;
    readonly nomineeType: Nomination['nomineeType'];
    readonly dueAt?: string;
  }[];
  /** The cycle's quota usage (awarded, remaining). */
  quota: readonly QuotaUsage[];
}): RenderedMail {
  const { cycle, stage, reviewer, link, waiting } = model;
  const stageLabel = STAGE_LABELS[stage];
  const count = (type: Nomination['nomineeType'], category?: string) =>
    waiting.filter((row) => row.nomineeType === type && (category === undefined || row.category === category))
      .length;
  const byCategory = cycle.categories
    .map((category) => {
      const people = count('individual', category.id);
      const organisations = count('organization', category.id);
      return [
        category.name,
        people + organisations > 0 ? `개인 ${people}명, 기관 ${organisations}곳` : undefined,
      ] as const;
    })
    .filter((row): row is readonly [string, string] => row[1] !== undefined);
  const dues = waiting.flatMap((row) => (row.dueAt ? [row.dueAt] : [])).sort();
  const [year, month, date] = model.day.split('-');
  return renderMail(
    `[고용서비스상] ${stageLabel} 대기 현황 (${Number(month)}월 ${Number(date)}일): ${waiting.length}건`,
    [
      { kind: 'p', text: `${reviewer.name} 님께` },
      {
        kind: 'p',
        text: `${year}년 ${Number(month)}월 ${Number(date)}일 현재 ${cycle.title} 추천서 ${waiting.length}건이 ${stageLabel} 결정을 기다리고 있습니다. 아래 일괄 심사 페이지에서 분야별로 확인하고 여러 건을 한 번에 결정하실 수 있습니다.`,
      },
      { kind: 'heading', text: '분야별 대기 건수' },
      { kind: 'fields', rows: byCategory },
      ...(dues[0] ? [{ kind: 'p' as const, text: `가장 이른 처리 기한: ${formatKst(dues[0])}` }] : []),
      { kind: 'heading', text: '수상 한도 현황' },
      { kind: 'quote', text: model.quota.map((usage) => quotaUsageLine(usage)).join('\n') },
      { kind: 'heading', text: '일괄 심사' },
      { kind: 'link', label: '일괄 심사 페이지 열기', url: link },
      {
        kind: 'fields',
        rows: [
          [
            '링크 사용 기한',
            `${formatKst(model.linkExpiresAt)}까지 (승인 요청·대기 현황 메일이 발송될 때마다 연장)`,
          ],
        ],
      },
      {
        kind: 'note',
        text: `이 링크는 ${reviewer.name} 님 전용입니다. 다른 사람에게 전달하지 마세요. 링크를 여는 것만으로는 아무것도 결정되지 않습니다. 이 안내는 결정을 기다리는 추천서가 있는 날 하루 한 번 발송됩니다.`,
      },
    ],
  );
}

/** To the awardee (the nominator is copied by the caller). */
export function awardedMail(model: { nomination: Nomination; cycle: Cycle }): RenderedMail {
  const { nomination, cycle } = model;
  const isOrganization = nomination.nomineeType === 'organization';
  const category = categoryName(cycle, nomination.category);
  return renderMail(`[고용서비스상] ${cycle.title} 수상을 축하드립니다`, [
    {
      kind: 'p',
      text: isOrganization ? `${nomination.nominee.name} 귀중` : `${nomination.nominee.name} 님께`,
    },
    {
      kind: 'p',
      text: `${isOrganization ? '귀 기관' : '귀하'}께서 ${cycle.title} ‘${category}’ 분야 ${isOrganization ? '수상 기관으로' : '수상자로'} 선정되었음을 알려 드리며, 진심으로 축하드립니다.`,
    },
    { kind: 'heading', text: '수상 내용' },
    {
      kind: 'fields',
      rows: [
        ['포상', `${cycle.title} (고용노동부장관 표창)`],
        ['분야', category],
        ['수상', nomineeLabel(nomination)],
        ['소속', nomination.nominee.affiliation],
        ['직위', isOrganization ? undefined : nomination.nominee.position],
      ],
    },
    { kind: 'p', text: '국민을 위한 고용서비스 현장에서 보여 주신 노고에 깊이 감사드립니다.' },
    { kind: 'note', text: '시상 일정과 표창 전달 방법은 별도로 안내드리겠습니다.' },
  ]);
}

/** To the nominator: the nomination was not selected. */
export function rejectedMail(model: {
  nomination: Nomination;
  cycle: Cycle;
  stage: ReviewStage;
  comment?: string;
  statusUrl: string;
}): RenderedMail {
  const { nomination, cycle, stage, comment, statusUrl } = model;
  const stageLabel = STAGE_LABELS[stage];
  const reason = comment?.trim() ? comment.trim() : '사유 미기재';
  return renderMail(`[고용서비스상] 추천 결과 안내: ${nomination.nominee.name} (미선정)`, [
    { kind: 'p', text: `${nomination.submitter.name} 님께` },
    {
      kind: 'p',
      text: `${cycle.title}에 추천하신 ${nomineeLabel(nomination)} 후보는 ${stageLabel} 단계에서 선정되지 않았습니다(반려).`,
    },
    {
      kind: 'fields',
      rows: [...nomineeRows(nomination, cycle), ['반려 단계', stageLabel]],
    },
    { kind: 'heading', text: '반려 사유' },
    { kind: 'quote', text: reason },
    { kind: 'link', label: '진행 내역 보기', url: statusUrl },
    { kind: 'p', text: '추천해 주셔서 감사합니다.' },
  ]);
}

/** The form's address, next to the status page: `{PUBLIC_URL}/nominations/{id}` -> `{PUBLIC_URL}/`. */
function formUrlFrom(statusUrl: string): string | undefined {
  const match = /^(https?:\/\/.*?)\/nominations\/[^/?#]+\/?(?:[?#].*)?$/.exec(statusUrl);
  return match ? `${match[1]}/` : undefined;
}

/** To the nominator: sent back for correction. */
export function returnedMail(model: {
  nomination: Nomination;
  cycle: Cycle;
  comment?: string;
  statusUrl: string;
}): RenderedMail {
  const { nomination, cycle, comment, statusUrl } = model;
  const reason = comment?.trim() ? comment.trim() : '사유 미기재';
  const formUrl = formUrlFrom(statusUrl);
  const blocks: Block[] = [
    { kind: 'p', text: `${nomination.submitter.name} 님께` },
    {
      kind: 'p',
      text: `${cycle.title}에 추천하신 ${nomineeLabel(nomination)} 후보의 추천서에 보완이 필요하여 돌려드립니다(보완 요청).`,
    },
    { kind: 'fields', rows: nomineeRows(nomination, cycle) },
    { kind: 'heading', text: '보완 요청 내용' },
    { kind: 'quote', text: reason },
    { kind: 'heading', text: '다시 제출하는 방법' },
    {
      kind: 'p',
      text: '요청 내용을 반영하여 추천서를 다시 제출해 주세요. 웹 추천서 양식으로 다시 제출하시거나, 메일로 추천하신 경우 같은 양식으로 접수 메일 주소에 다시 보내 주시면 됩니다. 다시 제출한 추천서는 센터 심사부터 진행됩니다.',
    },
  ];
  if (formUrl) blocks.push({ kind: 'link', label: '추천서 다시 작성하기', url: formUrl });
  blocks.push({ kind: 'link', label: '진행 내역 보기', url: statusUrl });
  return renderMail(`[고용서비스상] 추천서 보완 요청: ${nomination.nominee.name}`, blocks);
}

/** To the nominator, once the workflow has the nomination: the receipt and the private status link. */
export function receiptMail(model: {
  nomination: Nomination;
  cycle: Cycle;
  statusUrl: string;
}): RenderedMail {
  const { nomination, cycle, statusUrl } = model;
  return renderMail(`[고용서비스상] 추천서 접수 확인: ${nomination.nominee.name}`, [
    { kind: 'p', text: `${nomination.centerName ?? nomination.centerId} 추천 담당자님께` },
    { kind: 'p', text: `${cycle.title} 추천서가 접수되었습니다. 센터장 심사부터 차례로 진행됩니다.` },
    { kind: 'fields', rows: nomineeRows(nomination, cycle) },
    { kind: 'link', label: '진행 상황 보기', url: statusUrl },
    {
      kind: 'note',
      text: '진행 상황 페이지는 이 주소를 아는 사람만 볼 수 있습니다. 메일을 전달하지 말고 보관해 주세요. 심사 결과는 메일로 안내해 드립니다.',
    },
  ]);
}

/** To the center's registered addresses: a web submission waits for their confirmation. */
export function draftConfirmationMail(model: {
  draft: Draft;
  cycle: Cycle;
  centerName: string;
  link: string;
}): RenderedMail {
  const { draft, cycle, centerName, link } = model;
  const { input } = draft;
  return renderMail(`[고용서비스상] 추천서 확정 요청: ${input.nominee.name}`, [
    { kind: 'p', text: `${centerName} 추천 담당자님께` },
    {
      kind: 'p',
      text: `${cycle.title} 추천서가 웹 양식으로 제출되어 센터의 확정을 기다리고 있습니다. 센터에서 작성한 추천서가 맞으면 아래 링크를 열어 내용을 확인하고 [추천 확정]을 눌러 주세요. 확정해야 접수됩니다.`,
    },
    {
      kind: 'fields',
      rows: [
        ['분야', categoryName(cycle, input.category)],
        ['후보 유형', NOMINEE_TYPE_LABELS[input.nomineeType]],
        ['성명(기관명)', input.nominee.name],
        ['소속', input.nominee.affiliation],
        ['제출자(입력값)', `${input.submitter.name} <${input.submitter.email}>`],
        ['확정 기한', formatKst(draft.expiresAt)],
      ],
    },
    { kind: 'link', label: '추천서 확인 및 확정', url: link },
    {
      kind: 'note',
      text: '센터에서 작성하지 않은 추천서라면 링크를 누르지 마세요. 기한이 지나면 자동으로 삭제됩니다.',
    },
  ]);
}

/** To the sender of an intake mail that could not become a nomination: each problem, and the template. */
export function intakeProblemsMail(model: {
  subject: string;
  problems: readonly string[];
  template: string;
}): RenderedMail {
  return renderMail(`[고용서비스상] 추천 메일을 접수하지 못했습니다: ${model.subject || '(제목 없음)'}`, [
    {
      kind: 'p',
      text: '보내 주신 추천 메일을 접수하지 못했습니다. 아래 항목을 고쳐 다시 보내 주세요. 아무것도 접수되지 않았습니다.',
    },
    { kind: 'heading', text: '확인이 필요한 항목' },
    { kind: 'quote', text: model.problems.map((problem) => `- ${problem}`).join('\n') },
    { kind: 'heading', text: '추천 메일 양식 (복사해서 사용하세요)' },
    { kind: 'quote', text: model.template },
  ]);
}

/** To a sender who is not a registered address of any center (sent only when SPF passed). */
export function unregisteredSenderMail(model: { intakeAddress: string }): RenderedMail {
  return renderMail('[고용서비스상] 등록되지 않은 주소에서 보낸 추천 메일입니다', [
    {
      kind: 'p',
      text: `${model.intakeAddress}(으)로 보내 주신 메일은 추천 센터가 등록한 주소에서 보낸 메일이 아니어서 접수하지 않았습니다.`,
    },
    {
      kind: 'p',
      text: '추천은 각 고용복지플러스센터가 등록한 추천 담당 메일 주소에서 보내거나, 웹 양식으로 제출한 뒤 센터가 등록된 주소로 확정해야 접수됩니다. 주소 등록은 고용서비스정책과에 문의해 주세요.',
    },
  ]);
}

/**
 * To the nominating center's registered addresses (only those: the same confirmation as a new
 * submission): a review stage returned the nomination; the edit link corrects it in place.
 */
export function correctionRequestMail(model: {
  nomination: Nomination;
  cycle: Cycle;
  centerName: string;
  stage: ReviewStage;
  round: number;
  maxRounds: number;
  comment?: string;
  link: string;
  expiresAt: string;
}): RenderedMail {
  const { nomination, cycle, centerName, stage, round, maxRounds, comment, link, expiresAt } = model;
  const stageLabel = STAGE_LABELS[stage];
  const reason = comment?.trim() ? comment.trim() : '사유 미기재';
  const last = round >= maxRounds;
  return renderMail(`[고용서비스상] 추천서 보완 요청 (${round}회차): ${nomination.nominee.name}`, [
    { kind: 'p', text: `${centerName || nomination.centerName || nomination.centerId} 추천 담당자님께` },
    {
      kind: 'p',
      text: `${cycle.title}에 추천하신 ${nomineeLabel(nomination)} 후보의 추천서에 대해 ${stageLabel} 단계에서 보완을 요청했습니다 (보완 요청 ${round}회차, 최대 ${maxRounds}회). 아래 링크에서 추천서를 고쳐 제출하시면 같은 추천번호로 ${stageLabel} 단계로 돌아가 심사가 이어집니다.`,
    },
    { kind: 'fields', rows: nomineeRows(nomination, cycle) },
    { kind: 'heading', text: '보완 요청 내용' },
    { kind: 'quote', text: reason },
    { kind: 'heading', text: '추천서 고치기' },
    { kind: 'link', label: '추천서 수정하기', url: link },
    { kind: 'fields', rows: [['보완 기한', formatKst(expiresAt)]] },
    {
      kind: 'note',
      text: '링크를 열면 지금 추천서 내용이 채워진 양식이 표시됩니다. 고친 뒤 [변경 사항 확인]에서 바뀐 항목을 확인하고 [보완 제출]을 눌러야 제출됩니다. 링크를 여는 것만으로는 아무것도 바뀌지 않습니다.',
    },
    {
      kind: 'note',
      text: `이 링크는 센터가 등록한 추천 담당 메일 주소로만 발송되며 한 번만 제출할 수 있습니다. 기한까지 제출하지 않으면 추천서는 반송 처리됩니다.${last ? ' 이번이 마지막 보완 기회입니다. 다시 보완 요청을 받으면 추천서는 반송 처리됩니다.' : ''}`,
    },
  ]);
}
