import { Foundation1795614322419 } from './1795614322419-Foundation';
import { Domain1795615061299 } from './1795615061299-Domain';
import { AuditTrail1795617034793 } from './1795617034793-AuditTrail';
import { SessionsAndApiKeys1795617125634 } from './1795617125634-SessionsAndApiKeys';
import { LoginThrottle1795617363815 } from './1795617363815-LoginThrottle';
import { Digests1795618689043 } from './1795618689043-Digests';
import { Teams1795624413240 } from './1795624413240-Teams';
import { ReportIndexes1795630000000 } from './1795630000000-ReportIndexes';
import { PipelineTallies1795640000000 } from './1795640000000-PipelineTallies';
import { PipelineFactsFilters1795650000000 } from './1795650000000-PipelineFactsFilters';
import { PipelineSliceTallies1795660000000 } from './1795660000000-PipelineSliceTallies';
import { PipelineOwnerSlice1795670000000 } from './1795670000000-PipelineOwnerSlice';
import { FoldedPipelineTallies1795680000000 } from './1795680000000-FoldedPipelineTallies';
import { PipelinePlaceMonthSlices1795690000000 } from './1795690000000-PipelinePlaceMonthSlices';
import { MutationReceiptPayloads1795720000000 } from './1795720000000-MutationReceiptPayloads';
import { FoldTransliteration1795740000000 } from './1795740000000-FoldTransliteration';
import { Search1795741000000 } from './1795741000000-Search';
import { DuplicatesAndMerges1795750000000 } from './1795750000000-DuplicatesAndMerges';
import { CalendarFeeds1795770000000 } from './1795770000000-CalendarFeeds';

/** Every migration in order (one per line, so branches adding one merge cleanly). */
export const MIGRATIONS: Function[] = [
  Foundation1795614322419,
  Domain1795615061299,
  AuditTrail1795617034793,
  SessionsAndApiKeys1795617125634,
  LoginThrottle1795617363815,
  Digests1795618689043,
  Teams1795624413240,
  ReportIndexes1795630000000,
  PipelineTallies1795640000000,
  PipelineFactsFilters1795650000000,
  PipelineSliceTallies1795660000000,
  PipelineOwnerSlice1795670000000,
  FoldedPipelineTallies1795680000000,
  PipelinePlaceMonthSlices1795690000000,
  MutationReceiptPayloads1795720000000,
  FoldTransliteration1795740000000,
  Search1795741000000,
  DuplicatesAndMerges1795750000000,
  CalendarFeeds1795770000000,
];
