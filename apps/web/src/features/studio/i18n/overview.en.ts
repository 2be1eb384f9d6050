/** Strings of the agent's Overview tab (studio.overview.*). */
export const studioOverview = {
  title: 'Overview',
};
