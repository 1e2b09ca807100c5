import { LeadStage } from './lead.enums';
import {
  canMoveLead,
  illegalMoveReason,
  isClosedStage,
  keepsClosedReason,
  LEAD_STAGE_TRANSITIONS,
  requiresReason,
} from './lead-pipeline';

const ALL = Object.values(LeadStage);
const ACTIVE = [LeadStage.NEW, LeadStage.CONTACTED, LeadStage.QUALIFIED, LeadStage.NEGOTIATING];

/** The pipeline rules as the product describes them, written independently of the table. */
function expectedLegal(from: LeadStage, to: LeadStage): boolean {
  if (from === to || from === LeadStage.WON) return false;
  if (to === LeadStage.WON) return from === LeadStage.QUALIFIED || from === LeadStage.NEGOTIATING;
  if (to === LeadStage.LOST) return ACTIVE.includes(from) || from === LeadStage.ON_HOLD;
  if (to === LeadStage.ON_HOLD) return ACTIVE.includes(from);
  // `to` is an active stage from here on
  if (from === LeadStage.LOST || from === LeadStage.ON_HOLD) return true;
  const step = ACTIVE.indexOf(to) - ACTIVE.indexOf(from);
  return step > 0 || step === -1;
}

describe('lead pipeline', () => {
  const pairs = ALL.flatMap((from) => ALL.map((to) => [from, to, expectedLegal(from, to)] as const));

  it('covers all 49 pairs of stages', () => {
    expect(pairs).toHaveLength(49);
    expect(Object.keys(LEAD_STAGE_TRANSITIONS).sort()).toEqual([...ALL].sort());
  });

  it.each(pairs)('%s -> %s is legal: %s', (from, to, legal) => {
    expect(canMoveLead(from, to)).toBe(legal);
    if (legal) expect(illegalMoveReason(from, to)).toBeUndefined();
    else expect(illegalMoveReason(from, to)).toEqual(expect.any(String));
  });

  it('spells out the main rules', () => {
    expect(canMoveLead(LeadStage.NEW, LeadStage.NEGOTIATING)).toBe(true); // forward, skipping stages
    expect(canMoveLead(LeadStage.NEGOTIATING, LeadStage.CONTACTED)).toBe(false); // backward by two
    expect(canMoveLead(LeadStage.NEW, LeadStage.WON)).toBe(false);
    expect(canMoveLead(LeadStage.CONTACTED, LeadStage.WON)).toBe(false);
    expect(canMoveLead(LeadStage.LOST, LeadStage.NEGOTIATING)).toBe(true); // reopening
    expect(canMoveLead(LeadStage.LOST, LeadStage.WON)).toBe(false);
    expect(canMoveLead(LeadStage.ON_HOLD, LeadStage.LOST)).toBe(true);
    expect(canMoveLead(LeadStage.LOST, LeadStage.ON_HOLD)).toBe(false);
    expect(LEAD_STAGE_TRANSITIONS[LeadStage.WON]).toEqual([]);
  });

  it('explains a refused move', () => {
    expect(illegalMoveReason(LeadStage.NEW, LeadStage.NEW)).toBe('The lead is already NEW');
    expect(illegalMoveReason(LeadStage.WON, LeadStage.LOST)).toContain('WON is final');
    expect(illegalMoveReason(LeadStage.NEW, LeadStage.WON)).toContain('CONTACTED, QUALIFIED, NEGOTIATING, LOST, ON_HOLD');
  });

  it('knows which stages are closed, carry a reason and require one', () => {
    expect(ALL.filter(isClosedStage)).toEqual([LeadStage.WON, LeadStage.LOST]);
    expect(ALL.filter(keepsClosedReason)).toEqual([LeadStage.WON, LeadStage.LOST, LeadStage.ON_HOLD]);
    expect(ALL.filter(requiresReason)).toEqual([LeadStage.LOST]);
  });
});
