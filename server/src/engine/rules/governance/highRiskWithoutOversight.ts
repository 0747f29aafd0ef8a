import type { Rule } from '../rule';
import type { Card } from '../../card/card';
import type { SourceRef } from '../../model/facts';

interface HighRiskCategory {
  pattern: RegExp;
  /** Where the law lists it. */
  basis: string;
}

// Matched against the card's `domain` with separators turned into spaces.
const CATEGORIES: HighRiskCategory[] = [
  {
    pattern:
      /\bcredit ?(scor|worth|risk|rating|decision|limit|underwrit)|\bcreditworth|\blend(ing|er)?\b|\bloans?\b|\bmortgage|\bunderwrit/,
    basis: 'EU AI Act Annex III 5(b): creditworthiness and credit scoring',
  },
  {
    pattern: /\b(life|health) insurance|insurance (pricing|underwriting|risk)/,
    basis: 'EU AI Act Annex III 5(c): life and health insurance pricing',
  },
  {
    pattern:
      /\bhir(e|es|ing)\b|recruit|\bemploy(ment|ee|er)?s?\b|applicant screen|\bresumes?\b|\bcv screen|\btalent|workforce|promotion decision|termination/,
    basis: 'EU AI Act Annex III 4: employment, recruitment and workers management',
  },
  {
    pattern: /\beducation|\badmissions?\b|\bexams?\b|examination|proctor|\bstudents?\b|\bgrading\b|learning outcome/,
    basis: 'EU AI Act Annex III 3: education and vocational training',
  },
  {
    pattern:
      /public (assistance|benefit|service)|social (benefit|security|welfare)|\bwelfare\b|benefits? eligibility|emergency (call|dispatch)|emergency triage/,
    basis: 'EU AI Act Annex III 5(a)/(d): access to essential public services and benefits, emergency dispatch',
  },
  {
    pattern: /law enforcement|\bpolic(e|ing)\b|\bcrim(e|inal)\b|recidivism|polygraph|\bevidence\b/,
    basis: 'EU AI Act Annex III 6: law enforcement',
  },
  {
    pattern: /\bimmigra|\bmigrant|\basylum|\bvisas?\b|border (control|security|management)|migration (control|management|authorit)/,
    basis: 'EU AI Act Annex III 7: migration, asylum and border control',
  },
  {
    pattern: /biometric|face (recognition|identification|verification)|facial recognition|emotion recognition|fingerprint|\biris\b/,
    basis: 'EU AI Act Annex III 1: biometrics',
  },
  {
    pattern: /critical infrastructure|(electricity|water|gas|heating) supply|road traffic/,
    basis: 'EU AI Act Annex III 2: critical infrastructure',
  },
  {
    pattern: /\bjudicial|\bcourts?\b|sentencing|\belections?\b|\bvoting\b|administration of justice/,
    basis: 'EU AI Act Annex III 8: administration of justice and democratic processes',
  },
  {
    pattern: /\bmedical|clinical|diagnos|\bpatients?\b|health ?care|\bsamd\b|radiolog|patholog/,
    basis: 'medical device software: EU AI Act Art. 6(1) with Annex I (MDR/IVDR); FDA Software as a Medical Device',
  },
];

const ELEMENTS = [
  {
    key: 'human',
    what: 'human oversight',
    article: 'Art. 14 requires that people can monitor, understand and override the system',
    fix: 'who reviews its decisions and how they override them',
  },
  {
    key: 'logging',
    what: 'logging',
    article: 'Art. 12 requires automatic records of its operation, so decisions can be traced',
    fix: 'where every decision is logged with the model version',
  },
  {
    key: 'documentation',
    what: 'technical documentation',
    article: 'Art. 11 and Annex IV require technical documentation before it is put on the market',
    fix: 'where the model card or technical file lives',
  },
] as const;

/**
 * Financial fraud detection is explicitly not credit scoring (Annex III 5(b) excepts it), so a
 * fraud domain that only matches the credit category is not high-risk.
 */
export const highRiskWithoutOversight: Rule = {
  meta: {
    id: 'governance/high-risk-without-oversight',
    category: 'governance',
    severity: 'warning',
    description:
      'The card declares a high-risk domain (EU AI Act Annex III, medical devices) or `risk: high`, but no human oversight, logging or documentation.',
    fixable: false,
    sources: [
      'Regulation (EU) 2024/1689 (EU AI Act), Annex III (high-risk areas), Art. 6, 11, 12 and 14',
      'FDA, Software as a Medical Device (SaMD) guidance',
      'AI Incident Database, Incident 101: Dutch Families Wrongfully Accused of Tax Fraud Due to Discriminatory Algorithm, https://incidentdatabase.ai/cite/101/',
      'AI Incident Database, Incident 37: Amazon recruiting tool biased against women, https://incidentdatabase.ai/cite/37',
    ],
  },
  check(ctx) {
    const card = ctx.card;
    if (!card || card.risk === 'unacceptable') return;
    const reason = highRiskReason(card);
    if (!reason) return;
    const at = keyRef(card, reason.key);
    for (const element of ELEMENTS) {
      if (card.oversight?.[element.key]?.trim()) continue;
      ctx.report({
        at,
        message: `${reason.text}, but the card declares no ${element.what} (\`oversight.${element.key}\`): ${element.article}. Add \`oversight: {${element.key}: ...}\` to mlsystem.yaml saying ${element.fix}.`,
        related: card.oversight ? [{ ...card.oversight.range, message: 'the oversight section' }] : [],
      });
    }
  },
};

function highRiskReason(card: Card): { key: 'domain' | 'risk'; text: string } | undefined {
  const domain = (card.domain ?? '').toLowerCase().replace(/[-_/.]+/g, ' ');
  const matches = domain ? CATEGORIES.filter((c) => c.pattern.test(domain)) : [];
  const exempt = /fraud/.test(domain) && matches.every((c) => c === CATEGORIES[0]);
  if (matches.length && !exempt) {
    const stated = card.risk && card.risk !== 'high' ? ` (the card says \`risk: ${card.risk}\`)` : '';
    return { key: 'domain', text: `Domain \`${card.domain}\` is high-risk under ${matches[0].basis}${stated}` };
  }
  if (card.risk === 'high') return { key: 'risk', text: 'The card declares `risk: high`' };
  return undefined;
}

/** Where the card states the domain or the risk category. */
function keyRef(card: Card, key: 'domain' | 'risk'): SourceRef {
  return (key === 'domain' ? card.domainRange : card.riskRange) ?? card.range;
}
