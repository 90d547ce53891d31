import Subscriptions
// Placeholder: the state machine and renderer land with issue 4.
