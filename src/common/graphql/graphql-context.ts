import type { Request, Response } from 'express';
import { LoaderRegistry } from '../dataloader/loader-registry';

export interface GraphQLContext {
  req: Request;
  res: Response;
  loaders: LoaderRegistry;
}

export function createGraphQLContext({ req, res }: { req: Request; res: Response }): GraphQLContext {
  return { req, res, loaders: new LoaderRegistry() };
}
