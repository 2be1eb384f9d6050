import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';

/**
 * JSON highlighting in colours from the Element Plus palette, so light and dark themes both keep
 * their contrast (CodeMirror's default style is for light backgrounds only).
 */
export const jsonHighlighting = syntaxHighlighting(
  HighlightStyle.define([
    { tag: tags.propertyName, color: 'var(--el-color-primary)' },
    { tag: tags.string, color: 'var(--el-color-success-dark-2)' },
    { tag: [tags.number, tags.bool, tags.null], color: 'var(--el-color-warning-dark-2)' },
  ]),
);
