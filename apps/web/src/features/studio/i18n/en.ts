import { studioAnalytics } from './analytics.en';
import { studioDrawer } from './drawer.en';
import { studioEditor } from './editor.en';
import { studioHome } from './home.en';
import { studioOverview } from './overview.en';
import { studioPublish } from './publish.en';
import { studioVersions } from './versions.en';
import { studioTest } from './test.en';

/** English Studio strings, one file per Studio area so the areas can grow independently. */
export const studioEn = {
  home: studioHome,
  editor: studioEditor,
  overview: studioOverview,
  drawer: studioDrawer,
  versions: studioVersions,
  publish: studioPublish,
  test: studioTest,
  analytics: studioAnalytics,
};
