import { inject, provide, type InjectionKey, type Ref } from 'vue';

/** What SchemaForm passes to its renderers besides the JSON Forms state. */
export interface SchemaFormContext {
  /** Long text fields get the template editor (CodeMirror, `{{` completion) instead of a textarea. */
  templateEditors: Ref<boolean>;
  /** Paths offered after `{{` (e.g. `input`, `vars.tone`, `nodes.classify.output`). */
  completions: Ref<readonly string[]>;
  /** Fields edited as JavaScript (e.g. the code node's `code`). */
  codeFields: Ref<readonly string[]>;
}

const key: InjectionKey<SchemaFormContext> = Symbol('schema-form');

export function provideSchemaFormContext(context: SchemaFormContext): void {
  provide(key, context);
}

export function useSchemaFormContext(): SchemaFormContext | undefined {
  return inject(key, undefined);
}

/** A string field is "long text" unless its schema caps it at a short length. */
export function isLongText(schema: { maxLength?: number; format?: string; enum?: unknown[] }): boolean {
  return !schema.enum && !schema.format && (schema.maxLength === undefined || schema.maxLength > 300);
}

/** What ControlShell shows around a control. */
export interface ShellProps {
  id: string;
  label: string;
  description?: string;
  required?: boolean;
  errors?: string;
  visible?: boolean;
}

/** The ControlShell props of a JSON Forms control (`v-bind="shellProps(control)"`). */
export function shellProps(control: ShellProps): ShellProps {
  const { id, label, description, required, errors, visible } = control;
  return { id, label, description, required, errors, visible };
}
