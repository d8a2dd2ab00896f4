//! The deployment of the class lab (`deploy/template.yaml`, docs/deploy.md): the template passes
//! cfn-lint, and names what ex06's code uses.

use std::path::Path;
use std::process::Command;

use crate::support::lab_course;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The value of `pub const NAME: &str = "...";` in `source`.
fn constant<'s>(source: &'s str, name: &str) -> &'s str {
    let start = format!("pub const {name}: &str = \"");
    let from = source
        .find(&start)
        .unwrap_or_else(|| panic!("{name} declared"))
        + start.len();
    let length = source[from..].find('"').unwrap();
    &source[from..from + length]
}

#[test]
fn the_template_passes_cfn_lint() {
    let template = lab_course().join("deploy/template.yaml");
    let output = Command::new("cfn-lint")
        .arg(&template)
        .output()
        .unwrap_or_else(|e| {
            panic!("cfn-lint runs: this test needs it (pip install cfn-lint==1.58.0): {e}")
        });
    assert!(
        output.status.success(),
        "cfn-lint {}:\n{}{}",
        template.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_template_names_the_table_key_parameters_context_and_binary_ex06_uses() {
    let course = lab_course();
    let template = read(&course.join("deploy/template.yaml"));
    let types = read(&course.join("exercises/ex06-customers-api/src/types.rs"));
    let manifest = read(&course.join("exercises/ex06-customers-api/Cargo.toml"));
    let guide = read(&course.join("docs/deploy.md"));

    assert!(
        template.contains("TableName: DA_Serverless"),
        "the class's table"
    );
    let alias = constant(&types, "KEY_ALIAS");
    assert!(template.contains(&format!("AliasName: {alias}")), "{alias}");
    let root = constant(&types, "PARAMETER_ROOT");
    for name in ["DB_NAME", "*"] {
        let path = format!("{root}/${{Stage}}/{name}");
        assert!(template.contains(&path), "{path}");
    }
    assert!(
        guide.contains(&format!("{root}/dev/API_KEY")),
        "the SecureString step"
    );
    let context = constant(&types, "CONTEXT_KEY");
    assert!(
        template.contains(&format!(
            "kms:EncryptionContextKeys:\n                    - {context}"
        )),
        "the encryption context's key, {context}"
    );
    assert!(
        manifest.contains("name = \"customers-api\""),
        "ex06's binary"
    );
    assert!(template.contains("CodeUri: ../target/lambda/customers-api/"));
    assert!(
        guide.contains("cargo lambda build --release -p ex06 --bin customers-api --features aws")
    );
    assert!(
        template.contains("Handler: bootstrap") && template.contains("Runtime: provided.al2023")
    );
}
