import { SFNClient } from '@aws-sdk/client-sfn';
import { type LocalStackOptions, startLocalStack } from '../../local/stack';
import { openCycleConfig } from './test-config';

/**
 * The whole local stack for an end-to-end test file: port 0 everywhere (the tests pass while an
 * `npm start` holds the default ports), a cycle open whatever the date, and a Step Functions
 * client for the local service.
 */
export async function startTestStack(options: Partial<LocalStackOptions> = {}) {
  const stack = await startLocalStack({
    ports: { dynamodb: 0, ses: 0, stepfunctions: 0, web: 0 },
    configDir: openCycleConfig(),
    ...options,
  });
  const sfn = new SFNClient({
    endpoint: stack.urls.stepfunctions,
    region: 'ap-northeast-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    stack,
    sfn,
    close: async () => {
      sfn.destroy();
      await stack.close();
    },
  };
}
