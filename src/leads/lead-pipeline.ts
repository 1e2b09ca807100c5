import { LeadStage } from './lead.enums';

const { NEW, CONTACTED, QUALIFIED, NEGOTIATING, WON, LOST, ON_HOLD } = LeadStage;

/** The working stages, in pipeline order. */
export const ACTIVE_STAGES: readonly LeadStage[] = [NEW, CONTACTED, QUALIFIED, NEGOTIATING];

/** Stages in which a lead is closed: `isOpen` is false and the `open` filter leaves them out. */
export const CLOSED_STAGES: readonly LeadStage[] = [WON, LOST];

/**
 * Every legal move, and the only place that says which moves are legal:
 *
 * - forward within NEW..NEGOTIATING by one step or more (a first call can go
 *   straight to QUALIFIED), backward by one step only (a lead that stalled);
 * - WON only from QUALIFIED or NEGOTIATING: nothing is won that was never qualified;
 * - LOST and ON_HOLD from every active stage, and LOST from ON_HOLD too
 *   (a parked lead that dies);
 * - reopening from LOST or ON_HOLD to any active stage;
 * - WON is final: the lead has become (or is becoming) a partnership.
 *
 * Moving to the stage the lead is already in is never a move.
 */
export const LEAD_STAGE_TRANSITIONS: Readonly<Record<LeadStage, readonly LeadStage[]>> = {
  [NEW]: [CONTACTED, QUALIFIED, NEGOTIATING, LOST, ON_HOLD],
  [CONTACTED]: [NEW, QUALIFIED, NEGOTIATING, LOST, ON_HOLD],
  [QUALIFIED]: [CONTACTED, NEGOTIATING, WON, LOST, ON_HOLD],
  [NEGOTIATING]: [QUALIFIED, WON, LOST, ON_HOLD],
  [WON]: [],
  [LOST]: [NEW, CONTACTED, QUALIFIED, NEGOTIATING],
  [ON_HOLD]: [NEW, CONTACTED, QUALIFIED, NEGOTIATING, LOST],
};

export function canMoveLead(from: LeadStage, to: LeadStage): boolean {
  return LEAD_STAGE_TRANSITIONS[from].includes(to);
}

/** Why a move is refused, in words a user can act on; undefined when it is legal. */
export function illegalMoveReason(from: LeadStage, to: LeadStage): string | undefined {
  if (canMoveLead(from, to)) return undefined;
  if (from === to) return `The lead is already ${to}`;
  const allowed = LEAD_STAGE_TRANSITIONS[from];
  const options = allowed.length ? `it can move to ${allowed.join(', ')}` : `${from} is final`;
  return `A lead cannot move from ${from} to ${to}: ${options}`;
}

export function isClosedStage(stage: LeadStage): boolean {
  return CLOSED_STAGES.includes(stage);
}

/** Moves that leave the active pipeline carry their reason on the lead as closedReason. */
export function keepsClosedReason(stage: LeadStage): boolean {
  return stage === WON || stage === LOST || stage === ON_HOLD;
}

/** A lost lead must say why, so the pipeline report can learn from it. */
export function requiresReason(stage: LeadStage): boolean {
  return stage === LOST;
}
