// Whether "Add profiles from IAM Identity Center" is open. Shared, because its buttons live in
// places that go away (the "No AWS profiles" empty state ends once the profiles are added) while
// the dialog, mounted once in App, must stay to say what was added.
/** The dialog's open state. */
export const ssoDialog = $state({ open: false });
