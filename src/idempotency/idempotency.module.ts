import { Module } from '@nestjs/common';
import { MutationReceiptsService } from './mutation-receipts.service';

@Module({
  providers: [MutationReceiptsService],
  exports: [MutationReceiptsService],
})
export class IdempotencyModule {}
