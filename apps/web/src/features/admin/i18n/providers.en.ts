/** Strings of the admin providers page (admin.providers.*); the configs' are `serviceConfigs.*`. */
export const adminProviders = {
  title: 'Providers and service configs',
  providers: 'Providers',
  configs: 'Platform service configs',
  name: 'Name',
  serviceType: 'Service type',
  kind: 'Kind',
  auth: 'Auth',
  description: 'Description',
};
