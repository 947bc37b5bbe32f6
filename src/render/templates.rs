//! The HTML pages' templates (minijinja): loaded into the binary, escaped by the engine.

use anyhow::{Context as _, Result};
use minijinja::{AutoEscape, Environment, Value};

const TEMPLATES: [(&str, &str); 8] = [
    ("base.html", include_str!("templates/base.html")),
    ("report.html", include_str!("templates/report.html")),
    ("chart.html", include_str!("templates/chart.html")),
    ("table.html", include_str!("templates/table.html")),
    ("trend.html", include_str!("templates/trend.html")),
    ("aggregate.html", include_str!("templates/aggregate.html")),
    (
        "split-index.html",
        include_str!("templates/split-index.html"),
    ),
    ("digest.html", include_str!("templates/digest.html")),
];

/// The style sheet every page inlines (the pages are self-contained).
pub const STYLE: &str = include_str!("templates/style.css");

fn environment() -> Result<Environment<'static>> {
    let mut env = Environment::new();
    // Every template is HTML: every value is escaped unless a template says otherwise.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_keep_trailing_newline(true);
    for (name, source) in TEMPLATES {
        env.add_template(name, source)
            .with_context(|| format!("template {name}"))?;
    }
    Ok(env)
}

/// Renders a template with its context.
pub fn render(name: &str, context: Value) -> Result<String> {
    let env = environment()?;
    let template = env.get_template(name)?;
    template
        .render(context)
        .with_context(|| format!("cannot render {name}"))
}
