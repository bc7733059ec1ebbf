/** Test data builders ("mothers"): a valid submission, with overrides. */
export function aComplaint(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'complaint',
    name: 'Ann Example',
    email: 'ann@example.com',
    phone: '01234 567890',
    address: '1 High Street\nBedford\nMK40 1AA',
    preferredContact: 'email',
    summary: 'Fire engine blocked my drive',
    details: 'On Tuesday the crew parked across my drive for two hours while on a community visit.',
    function: 'operations',
    incidentDate: '2026-01-06',
    location: 'High Street, Bedford',
    urgent: false,
    accessibilityNeeds: 'Large print letters, please',
    ...overrides,
  };
}

export function aCompliment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: 'compliment',
    summary: 'Thank you to Blue Watch',
    details: 'The crew who came to our kitchen fire were kind and calm.',
    ...overrides,
  };
}
