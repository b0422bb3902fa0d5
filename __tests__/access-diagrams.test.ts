import { describe, expect, it } from "vitest";
import type { EnvironmentConfig } from "../config/environment-config";
import { renderAccessDiagram, renderRotationDiagram } from "../tooling/access-diagrams";
import { resolveTestEnvironment, testWorkloadAccess } from "./helpers/stacks";

const KUBERNETES: EnvironmentConfig["kubernetes"] = {
  clusterName: "qualisys-test",
  workloads: { api: { namespace: "qualisys-api" }, "ai-agent": { namespace: "qualisys-agents" } },
};

/** The edges of a Mermaid flowchart as `from -> to`, labels aside, with the nodes' labels for ids. */
function edges(diagram: string): string[] {
  const labels = new Map<string, string>();
  for (const [, id, text] of diagram.matchAll(/^\s+(\w+)[[(]+"([^"]*)"[\])]+$/gm)) labels.set(id!, text!);
  return [...diagram.matchAll(/^\s+(\w+) -->\|"?([^|"]*)"?\| (\w+)$/gm)].map(
    ([, from, why, to]) => `${labels.get(from!)} -[${why}]-> ${labels.get(to!)}`,
  );
}

describe("the access diagram", () => {
  const base = resolveTestEnvironment({ access: testWorkloadAccess(), kubernetes: KUBERNETES });

  it("draws each grant of the access model, and each namespace's store with what it syncs", () => {
    const drawn = edges(renderAccessDiagram(base));
    expect(drawn).toContain("qualisys/database/connection -[secrets-read-infra]-> role test-api");
    expect(drawn).toContain("qualisys/llm/openai -[secrets-read-llm]-> role test-ai-agent");
    expect(drawn).toContain(
      "role test-ai-agent -[IRSA]-> SecretStore qualisys-agents/aws-secrets-manager (as ai-agent)",
    );
    expect(drawn).toContain(
      "SecretStore qualisys-agents/aws-secrets-manager (as ai-agent) -[qualisys/llm/openai, qualisys/llm/anthropic]-> namespace qualisys-agents",
    );
    expect(
      drawn.filter((e) => e.startsWith("qualisys/database/connection") && e.endsWith("role test-ai-agent")),
    ).toEqual([]);
    // Counted by hand: each of the 7 secrets to its group's role and to whoever runs Terraform (14), the
    // database secret to the rotation function (1); each of the 2 namespaces: role to store, store to namespace (4).
    expect(drawn).toHaveLength(14 + 1 + 4);
  });

  it("shows a new grant as a new edge", () => {
    const access = testWorkloadAccess();
    const widened = resolveTestEnvironment({
      access: {
        ...access,
        extraReaders: [
          {
            principal: { roleArn: "arn:aws:iam::123456789012:role/reporting" },
            accessGroups: ["infra"],
            reason: "nightly report",
          },
        ],
      },
      kubernetes: KUBERNETES,
    });
    const added = edges(renderAccessDiagram(widened)).filter((e) => !edges(renderAccessDiagram(base)).includes(e));
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((e) => e.includes("-[nightly report]->"))).toBe(true);
    expect(added).toContain(
      `qualisys/database/connection -[nightly report]-> ${widened.access.extraReaders[0]!.principal.name}`,
    );
  });
});

describe("the rotation diagram", () => {
  it("draws the schedule of each rotated secret, the function and its strategy, and the notification subscribers", () => {
    const environment = resolveTestEnvironment({ notificationEmails: ["oncall@example.com"] });
    const diagram = renderRotationDiagram(environment);
    expect(diagram).toMatch(/schedule: every 90 days"\] --> secret_qualisys_database_connection/);
    expect(diagram).toContain(`Lambda qualisys-test-secret-rotation (${environment.rotation!.strategy})`);
    expect(diagram).toContain("oncall@example.com");
  });
});
