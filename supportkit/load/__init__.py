"""Loading and checking: the configuration, contacts, checklist, strings and colours, validated once into an Edition."""
