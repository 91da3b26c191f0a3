"""Documents for the Verwaltungsspitze, the Personalamt and the Projektträger, as blocks of the document model."""
