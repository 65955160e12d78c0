-- banli's own database beside Temporal's (docker-compose.yml); the API and worker migrate it.
CREATE DATABASE banli;
