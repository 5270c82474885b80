"""The Evidence tab: the exhibit table, its model, exhibit labels and the preview of one exhibit."""
