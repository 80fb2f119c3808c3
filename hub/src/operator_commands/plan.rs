//! `fflow-hub plan create`: a plan on the price list, recorded in the operator log.

use serde_json::json;
use sqlx::PgPool;

use super::OperatorError;
use super::flags::Flags;
use crate::plans::{BillingCycle, NewPlan, PlanLimits, create_plan};

pub(super) fn parse(arguments: &[String]) -> Result<NewPlan, OperatorError> {
    let flags = Flags::parse(
        arguments,
        &[
            "--code",
            "--name",
            "--price-cents",
            "--cycle",
            "--max-devices",
            "--max-users",
            "--max-products",
            "--feature",
        ],
        &[],
    )?;
    let price_text = flags.required("--price-cents")?;
    let price_cents = price_text
        .parse::<i64>()
        .ok()
        .filter(|cents| *cents >= 0)
        .ok_or_else(|| {
            OperatorError::Refused(format!(
                "--price-cents must be whole cents, 0 or more, not {price_text:?}"
            ))
        })?;
    let billing_cycle = match flags.required("--cycle")? {
        "monthly" => BillingCycle::Monthly,
        "yearly" => BillingCycle::Yearly,
        other => {
            return Err(OperatorError::Refused(format!(
                "--cycle must be monthly or yearly, not {other:?}"
            )));
        }
    };
    let code = flags.required("--code")?.to_owned();
    let well_formed_code = code
        .chars()
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first.is_ascii_digit())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if !well_formed_code {
        return Err(OperatorError::Refused(format!(
            "--code must be lower-case letters, digits, - and _, such as pro-monthly, not {code:?}"
        )));
    }
    let name = flags.required("--name")?.trim().to_owned();
    if name.is_empty() {
        return Err(OperatorError::Refused("--name is empty".to_owned()));
    }
    Ok(NewPlan {
        code,
        name,
        price_cents,
        billing_cycle,
        limits: PlanLimits {
            max_devices: flags.positive("--max-devices")?,
            max_users: flags.positive("--max-users")?,
            max_products: flags.positive("--max-products")?,
            features: flags.all("--feature"),
        },
    })
}

pub(super) async fn create(
    arguments: &[String],
    pool: &PgPool,
    actor: &str,
) -> Result<String, OperatorError> {
    let plan = parse(arguments)?;
    let mut transaction = pool.begin().await?;
    let id = create_plan(&mut *transaction, &plan).await?;
    sqlx::query("INSERT INTO operator_log (actor, action, after) VALUES ($1, 'plan.create', $2)")
        .bind(actor)
        .bind(json!({
            "id": id,
            "code": plan.code,
            "name": plan.name,
            "price_cents": plan.price_cents,
            "billing_cycle": plan.billing_cycle.as_str(),
            "max_devices": plan.limits.max_devices,
            "max_users": plan.limits.max_users,
            "max_products": plan.limits.max_products,
            "features": plan.limits.features,
        }))
        .execute(&mut *transaction)
        .await?;
    transaction.commit().await?;
    Ok(id.to_string())
}
