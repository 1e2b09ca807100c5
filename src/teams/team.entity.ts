import { CreateDateColumn, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { VersionedEntity } from '../database/versioned.entity';

/**
 * A team of WFS staff (e.g. "Automotive", "Invest in Saxony"). A CONFIDENTIAL
 * lead or meeting belongs to one team; its members see it.
 */
@Entity({ name: 'teams' })
@Index('teams_name_key', { synchronize: false })
export class TeamEntity extends VersionedEntity {
  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;
}

/** Who is in which team; a user may be in several. */
@Entity({ name: 'team_members' })
@Index('team_members_user_id_idx', ['userId'])
export class TeamMemberEntity {
  @PrimaryColumn({ name: 'team_id', type: 'uuid' })
  teamId: string;

  @ManyToOne(() => TeamEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'team_id' })
  team?: TeamEntity;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
