-- declares_distribution(name, build_backend, manifests): does a project
-- (a projects row) declare a distribution: a name, a build backend, or a
-- setup.py or setup.cfg among its manifests?
CREATE OR REPLACE MACRO declares_distribution(name, build_backend, manifests) AS
    name <> '' OR build_backend <> '' OR list_has_any(string_split(manifests, ','), ['setup.py', 'setup.cfg'])
