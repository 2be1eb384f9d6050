import type { studioEn } from './en';
import { studioAnalytics } from './analytics.zh-CN';
import { studioDrawer } from './drawer.zh-CN';
import { studioEditor } from './editor.zh-CN';
import { studioHome } from './home.zh-CN';
import { studioOverview } from './overview.zh-CN';
import { studioPublish } from './publish.zh-CN';
import { studioVersions } from './versions.zh-CN';
import { studioTest } from './test.zh-CN';

/** Chinese Studio strings (same shape as the English ones). */
export const studioZhCN: typeof studioEn = {
  home: studioHome,
  editor: studioEditor,
  overview: studioOverview,
  drawer: studioDrawer,
  versions: studioVersions,
  publish: studioPublish,
  test: studioTest,
  analytics: studioAnalytics,
};
