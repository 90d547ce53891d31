import Subscriptions
// Placeholder: the store interface and its GRDB implementation land with issue 3.
