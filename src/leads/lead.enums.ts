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
  description: 'NEW -> CONTACTED -> QUALIFIED -> NEGOTIATING -> WON; LOST or ON_HOLD from any open stage; reopen from LOST/ON_HOLD',
});

export enum LeadSide {
  SAXON = 'SAXON',
  PARTNER = 'PARTNER',
}
registerEnumType(LeadSide, { name: 'LeadSide' });
