import { describe, expect, it } from 'vitest';
import * as domain from './index.js';

describe('public surface', () => {
  it('exports exactly the documented runtime names', () => {
    expect(Object.keys(domain).sort()).toEqual(
      [
        'ACTIONS',
        'ALLOW',
        'DomainError',
        'REASON_MAX_LENGTH',
        'REPORT_ACTIONS',
        'REPORT_ACTION_LABEL',
        'REPORT_STATUSES',
        'REPORT_STATUS_LABEL',
        'ROLES',
        'ROLE_LABEL',
        'SECTION_ACTIONS',
        'SECTION_ACTION_LABEL',
        'SECTION_STATUSES',
        'SECTION_STATUS_LABEL',
        'TEMPLATE_KINDS',
        'TEMPLATE_KIND_LABEL',
        'allowedReportActions',
        'allowedSectionActions',
        'applyReportAction',
        'applySectionAction',
        'assertAllowed',
        'can',
        'chineseNumeral',
        'decide',
        'deny',
        'descendantIds',
        'headingNumber',
        'insertNode',
        'isDomainError',
        'isReportStatus',
        'isRole',
        'isSectionStatus',
        'isTemplateKind',
        'moveNode',
        'nextReportStatus',
        'nextSectionStatus',
        'numberOutline',
    'parseLengthLimit',
        'reasonProblem',
        'removeNode',
        'reportRefusal',
        'sectionRefusal',
    'submitWarnings',
      ].sort(),
    );
  });
});
