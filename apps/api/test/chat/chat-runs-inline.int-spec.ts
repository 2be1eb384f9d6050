import { describeChatRuns } from './chat-runs.shared';

describeChatRuns('inline');
