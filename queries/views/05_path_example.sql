-- path_example(p): the file is left out of the repository's code only for
-- lying under examples, demos or samples (examples/, demos/, samples/,
-- example_1_user_creation/, demos-py/, telethon_examples/): without those
-- directory components the path counts (path_uncounted). The Python files
-- of a repository made of examples alone are its code (views/10_code_files.sql).
CREATE OR REPLACE MACRO path_example(p) AS
    path_uncounted(p) AND NOT path_uncounted(regexp_replace(
        regexp_replace(p, '^demos?[_-][^/]*/', ''),
        '(^|/)(example|examples|demo|demos|sample|samples|(examples?|samples?)[_-][^/]*|[^/]+[_-](examples|samples|demos))/', '\1', 'g'))
