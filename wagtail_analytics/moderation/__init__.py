"""Comment moderation: the pipeline of automatic checks and the moderators' actions."""
