"""The programme of work: cooperation roadmaps, their parties and activities."""
