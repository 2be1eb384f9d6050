/** Strings of the Studio home and new-agent flows (studio.home.*). */
export const studioHome = {
  title: 'Studio',
};
