import { registerEnumType } from '@nestjs/graphql';

export enum LeadKind {
  SUPPLY = 'SUPPLY',
  INVESTMENT = 'INVESTMENT',
  JOINT_RD = 'JOINT_RD',
  EXPORT = 'EXPORT',
  KNOWLEDGE_EXCHANGE = 'KNOWLEDGE_EXCHANGE',
  MUNICIPAL = 'MUNICIPAL',
}
registerEnumType(LeadKind, { name: 'LeadKind' });

export enum LeadStage {
  NEW = 'NEW',
  CONTACTED = 'CONTACTED',
  QUALIFIED = 'QUALIFIED',
  NEGOTIATING = 'NEGOTIATING',
  WON = 'WON',
  LOST = 'LOST',
  ON_HOLD = 'ON_HOLD',
}
registerEnumType(LeadStage, {
  name: 'LeadStage',
  description:
    'NEW -> CONTACTED -> QUALIFIED -> NEGOTIATING -> WON. Forward by one or more steps and back by one within ' +
    'NEW..NEGOTIATING; WON (final) from QUALIFIED or NEGOTIATING; LOST or ON_HOLD from any of NEW..NEGOTIATING, ' +
    'LOST also from ON_HOLD; reopening from LOST or ON_HOLD to any of NEW..NEGOTIATING',
});

export enum LeadSide {
  SAXON = 'SAXON',
  PARTNER = 'PARTNER',
}
registerEnumType(LeadSide, { name: 'LeadSide' });
