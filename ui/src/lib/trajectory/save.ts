// How the trajectory screen's sections save: each form hands its action to the
// screen's `save`, which clears the errors, runs it, reloads the trajectory and
// puts a refusal (or a field that could not be read) beside its field.

/** Runs `action`; on success `reset` empties what should not stay in the form. */
export type Save = (action: () => Promise<unknown>, reset?: () => void) => Promise<void>;

/** A form's submit handler that runs `action` through `save`. */
export function onSubmit(save: Save, action: () => Promise<unknown>, reset?: () => void) {
  return () => {
    void save(action, reset);
  };
}
