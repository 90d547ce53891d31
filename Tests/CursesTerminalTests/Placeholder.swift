import Testing
// Tests for this module land with their issue.
