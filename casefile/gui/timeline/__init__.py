"""The Timeline tab: the event table and its model, the visual timeline, filters, review and the event editor."""
