"""LiteMaaS's Kafka on Kubernetes: Strimzi objects generated from the topic registry and the
services' code (``make manifests``), and the JSON Schemas they are validated against."""
