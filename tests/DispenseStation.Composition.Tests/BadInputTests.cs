using DispenseStation.Composition.Catalog;
using DispenseStation.Composition.Claims;
using DispenseStation.Composition.Errors;
using DispenseStation.Composition.Recipes;
using static DispenseStation.Composition.Tests.Fixture;

namespace DispenseStation.Composition.Tests;

/// <summary>Each kind of bad recipe or catalog input gives an error naming file, line and field; nothing is returned.</summary>
public class BadInputTests
{
    private const string Valid = """
        name: ok
        claimSet: silsesquioxane-negative
        batchGrams: 200
        solidsWtPercent: 8
        components:
          - { material: ssq-hpe-ph-7030, parts: 100 }
          - { material: tps-tf, parts: 3 }
          - { material: tmgu, parts: 10 }
        solvents:
          - { material: pgmea }
        """;

    private static IReadOnlyList<DispenseStation.Composition.Errors.InputError> RecipeErrors(string yaml) =>
        ErrorsOf(() => RecipeParser.Parse(yaml, "bad.yaml", ShippedCatalog));

    [Fact]
    public void Valid_base_recipe_parses()
    {
        var recipe = RecipeParser.Parse(Valid, "ok.yaml", ShippedCatalog);
        Assert.Equal(3, recipe.Components.Count);
        Assert.Equal(100.0 / 113, recipe.Components[0].FractionOfSolids, 12);
    }

    [Fact]
    public void Unknown_material_names_file_line_and_field()
    {
        var e = Single(RecipeErrors(Valid.Replace("tps-tf", "tps-triflate")), "components[1].material");
        Assert.Equal(("bad.yaml", 7), (e.File, e.Line));
        Assert.Contains("unknown material 'tps-triflate'", e.Message);
    }

    [Theory]
    [InlineData("parts: 3 }", "parts: -3 }", "components[1].parts", "outside the allowed range")]
    [InlineData("parts: 3 }", "parts: .nan }", "components[1].parts", "finite")]
    [InlineData("parts: 3 }", "parts: 0 }", "components[1].parts", "> 0")]
    [InlineData("parts: 3 }", "parts: three }", "components[1].parts", "must be a number")]
    [InlineData("solidsWtPercent: 8", "solidsWtPercent: 108", "solidsWtPercent", "<= 100")]
    [InlineData("batchGrams: 200", "batchGrams: -5", "batchGrams", "> 0")]
    public void Bad_amounts_are_rejected(string from, string to, string field, string message)
    {
        var e = Single(RecipeErrors(Valid.Replace(from, to)), field);
        Assert.Contains(message, e.Message);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void Percent_of_solids_over_100_and_sums_off_100_are_rejected()
    {
        var yaml = Valid.Replace("parts: 100", "wtPercentOfSolids: 120").Replace("parts: 3", "wtPercentOfSolids: 3").Replace("parts: 10", "wtPercentOfSolids: 10");
        var e = Single(RecipeErrors(yaml), "components[0].wtPercentOfSolids");
        Assert.Equal(6, e.Line);
        var sum = Single(RecipeErrors(yaml.Replace("120", "80")), "components");
        Assert.Contains("add up to 100, they add up to 93", sum.Message);
    }

    [Fact]
    public void Mixed_amount_units_are_rejected()
    {
        var e = Single(RecipeErrors(Valid.Replace("parts: 10", "wtPercentOfSolids: 10")), "components");
        Assert.Contains("mixes", e.Message);
    }

    [Fact]
    public void Duplicate_component_points_at_the_second_listing()
    {
        var yaml = Valid.Replace("- { material: tmgu, parts: 10 }", "- { material: tps-tf, parts: 10 }");
        var e = Single(RecipeErrors(yaml), "components[2].material");
        Assert.Equal(8, e.Line);
        Assert.Contains("duplicate component 'tps-tf' (already listed on line 7)", e.Message);
    }

    [Fact]
    public void Material_whose_role_does_not_fit_is_rejected()
    {
        var solventAsSolid = Single(RecipeErrors(Valid.Replace("material: tmgu", "material: cyclohexanone")), "components[2].material");
        Assert.Contains("role solvent and cannot be a solids component", solventAsSolid.Message);

        var solidAsSolvent = Single(RecipeErrors(Valid.Replace("- { material: pgmea }", "- { material: toa }")), "solvents[0].material");
        Assert.Contains("only solvents belong under 'solvents'", solidAsSolvent.Message);

        var declared = Single(RecipeErrors(Valid.Replace("{ material: tmgu, parts: 10 }", "{ material: tmgu, parts: 10, role: quencher }")), "components[2].role");
        Assert.Contains("recipe says quencher but catalog material 'tmgu' has role crosslinker", declared.Message);
    }

    [Fact]
    public void Yaml_syntax_error_gives_its_line()
    {
        var e = Single(RecipeErrors(Valid.Replace("solidsWtPercent: 8", "solidsWtPercent: 8: 9")), "(syntax)");
        Assert.Equal(("bad.yaml", 4), (e.File, e.Line));
        Assert.Contains("YAML syntax error", e.Message);
    }

    [Fact]
    public void Unclosed_flow_mapping_is_a_syntax_error_not_a_crash()
    {
        var e = Single(RecipeErrors(Valid.Replace("  - { material: tps-tf, parts: 3 }", "  - { material: tps-tf, parts: 3")), "(syntax)");
        Assert.Contains("unclosed", e.Message);
    }

    [Fact]
    public void Misspelled_field_and_unknown_claim_set_are_rejected()
    {
        var errors = RecipeErrors(Valid.Replace("solidsWtPercent", "solidWtPercent").Replace("silsesquioxane-negative", "ssq"));
        Assert.Contains("unknown field", Single(errors, "solidWtPercent").Message);
        Assert.Contains("is required", Single(errors, "solidsWtPercent").Message);
        Assert.Contains("unknown claim set 'ssq'", Single(errors, "claimSet").Message);
    }

    [Fact]
    public void All_errors_are_reported_at_once()
    {
        var yaml = Valid.Replace("tps-tf", "nope").Replace("parts: 10 }", "parts: -1 }").Replace("batchGrams: 200", "batchGrams: 1e9");
        Assert.Equal(3, RecipeErrors(yaml).Count);
    }

    private const string LegacyBake = "\nbake:\n  - { name: PEB, setpointC: 110, rampCPerMin: 60, holdS: 60, bandC: 0.2 }\n";

    [Fact]
    public void A_bake_list_in_a_new_recipe_is_refused_and_points_to_bake_profiles()
    {
        var e = Single(RecipeErrors(Valid + LegacyBake), "bake");
        Assert.Equal(12, e.Line);
        Assert.Contains("bake jobs", e.Message);
        Assert.Contains("bakeProfiles: { postApply:", e.Message);
    }

    [Fact]
    public void A_stored_record_reads_its_old_bake_list_as_history_with_the_old_rules()
    {
        var recipe = RecipeParser.Parse(Valid + LegacyBake, "stored.yaml", ShippedCatalog, RecipeReading.StoredRecord);
        var step = Assert.Single(recipe.LegacyBake);
        Assert.Equal(("PEB", 110.0, 60.0, 0.2), (step.Name, step.SetpointC, step.HoldS, step.BandC));
        Assert.Equal(ProcessBakes.None, recipe.Bakes);
        Assert.Empty(RecipeParser.Parse(Valid, "new.yaml", ShippedCatalog).LegacyBake);

        var bad = Valid + LegacyBake.Replace("rampCPerMin: 60", "rampCPerMin: 0");
        var e = Assert.Single(Assert.Throws<CompositionException>(() => RecipeParser.Parse(bad, "stored.yaml", ShippedCatalog, RecipeReading.StoredRecord)).Errors);
        Assert.Equal("bake[0].rampCPerMin", e.Field);
    }

    [Fact]
    public void Bake_profiles_of_the_process_are_read_by_name()
    {
        var recipe = RecipeParser.Parse(Valid + "\nbakeProfiles: { postApply: pab-100, postExposure: peb-110 }\n", "ok.yaml", ShippedCatalog);
        Assert.Equal(("pab-100", "peb-110"), (recipe.Bakes.PostApply, recipe.Bakes.PostExposure));
        var only = RecipeParser.Parse(Valid + "\nbakeProfiles: { postExposure: peb-110 }\n", "ok.yaml", ShippedCatalog);
        Assert.Equal((null, "peb-110"), (only.Bakes.PostApply, only.Bakes.PostExposure));
    }

    [Theory]
    [InlineData("bakeProfiles: { postApply: PAB 100 }", "bakeProfiles.postApply", "not a bake profile name")]
    [InlineData("bakeProfiles: { postExposure: \"\" }", "bakeProfiles.postExposure", "non-empty")]
    [InlineData("bakeProfiles: { }", "bakeProfiles", "names no profile")]
    [InlineData("bakeProfiles: { hardBake: hb-150 }", "bakeProfiles.hardBake", "unknown field")]
    public void Bad_bake_profile_references_are_refused_with_the_field(string line, string field, string rule)
    {
        var e = Single(RecipeErrors(Valid + "\n" + line + "\n"), field);
        Assert.Contains(rule, e.Message);
    }

    [Fact]
    public void Voltage_on_a_non_ebeam_exposure_is_rejected()
    {
        var e = Single(RecipeErrors(Valid + "\nexposure: { radiation: krf, acceleratingVoltageKeV: 50 }\n"), "exposure.acceleratingVoltageKeV");
        Assert.Contains("only to e-beam", e.Message);
    }

    [Fact]
    public void Missing_molecular_weight_makes_only_the_molar_ratio_claim_undecidable_naming_material_and_field()
    {
        var catalogText = CatalogText.Replace("    molecularWeight: 362.4\n", "");
        var catalog = MaterialCatalog.Parse(catalogText, "materials.yaml");
        var report = Fixture.Validate("dual-crosslinker-negative", "phs-st-8515=100; tmom-bp=8; hmmm=6; tps-nf=4", catalog: catalog);
        Assert.Equal(new[] { 13, 14 }, report.UndecidableClaims);
        var claim13 = report.Claim(13).Message;
        Assert.Contains("materials[tmom-bp].molecularWeight", claim13);
        Assert.Contains($"line {catalog.Get("tmom-bp").Line}", claim13);
        Assert.Equal(ClaimStatus.Satisfied, report.Claim(11).Status);
        Assert.Equal(Verdict.Compliant, report.Verdict);
    }

    [Fact]
    public void Missing_molecular_weight_of_a_three_ring_b1_makes_claim_8_undecidable_naming_it()
    {
        var catalog = MaterialCatalog.Parse(CatalogText.Replace("    molecularWeight: 570.7\n", ""), "materials.yaml");
        var report = Fixture.Validate("dual-crosslinker-negative", "phs-st-8515=100; hmom-tphap=8; hmmm=6; tps-nf=4", catalog: catalog);
        Assert.Equal(ClaimStatus.Undecidable, report.Claim(8).Status);
        Assert.Contains("materials[hmom-tphap].molecularWeight", report.Claim(8).Message);
    }

    [Theory]
    [InlineData("    crosslinker: { kind: phenolic, benzeneRings: 0, groups: 2, groupTypes: [hydroxymethyl] }", "materials[0].crosslinker.benzeneRings", "at least one benzene ring")]
    [InlineData("    crosslinker: { kind: phenolic, benzeneRings: 1, groups: 0, groupTypes: [hydroxymethyl] }", "materials[0].crosslinker.groups", "groupTypes lists hydroxymethyl")]
    [InlineData("    crosslinker: { kind: phenolic, benzeneRings: 1, groups: 6, groupTypes: [hydroxymethyl] }", "materials[0].crosslinker.groups", "at most 5")]
    [InlineData("    nitrogenContaining: false\n    crosslinker: { kind: aminoplast, skeleton: melamine, groups: 6, groupTypes: [alkoxymethyl] }", "materials[0].nitrogenContaining", "aminoplast")]
    public void Contradictory_crosslinker_metadata_is_refused_naming_material_and_field(string block, string field, string rule)
    {
        var yaml = "materials:\n  - id: x\n    name: X\n    role: crosslinker\n    molecularWeight: 300\n    density: 1.2\n" + block + "\n";
        var e = Single(ErrorsOf(() => MaterialCatalog.Parse(yaml, "m.yaml")), field);
        Assert.Contains(rule, e.Message);
    }

    [Theory]
    [InlineData("role: photoacid-generator\n    acidGenerator: { class: disulfonyldiazomethane }", "materials[0].nitrogenContaining", "contains nitrogen")]
    [InlineData("role: photoacid-generator\n    nitrogenContaining: true\n    acidGenerator: { class: n-hydroxyimide-sulfonate, cation: sulfonium }", "materials[0].acidGenerator.cation", "not an onium salt")]
    [InlineData("role: polymerizable-unsaturated\n    polymerizableUnsaturated: false", "materials[0].polymerizableUnsaturated", "role polymerizable-unsaturated")]
    [InlineData("role: radical-generator\n    acidGenerator: { class: onium-sulfonate, cation: sulfonium }", "materials[0].acidGenerator", "photoacid-generator")]
    [InlineData("role: radical-initiator", "materials[0].role", "radical-generator")]
    public void Contradictory_or_unknown_role_metadata_is_refused_naming_material_and_field(string block, string field, string rule)
    {
        var yaml = "materials:\n  - id: x\n    name: X\n    molecularWeight: 300\n    density: 1.2\n    " + block + "\n";
        var e = Single(ErrorsOf(() => MaterialCatalog.Parse(yaml, "m.yaml")), field);
        Assert.Contains(rule, e.Message);
    }

    [Fact]
    public void Shipped_catalog_has_real_materials()
    {
        Assert.True(ShippedCatalog.Materials.Count >= 20);
        Assert.Equal(132.16, ShippedCatalog.Get("pgmea").MolecularWeight);
        Assert.Equal(0.968, ShippedCatalog.Get("pgmea").Density);
        Assert.Equal(390.4, ShippedCatalog.Get("hmmm").MolecularWeight);
        Assert.Equal(318.3, ShippedCatalog.Get("tmgu").MolecularWeight);
        Assert.Equal(412.4, ShippedCatalog.Get("tps-tf").MolecularWeight);
        Assert.Equal(353.7, ShippedCatalog.Get("toa").MolecularWeight);
        Assert.All(Enum.GetValues<MaterialRole>().Where(r => r != MaterialRole.Other),
            role => Assert.Contains(ShippedCatalog.Materials, m => m.Role == role));
        Assert.True(ShippedCatalog.Stocks.Count >= 10);
    }

    [Theory]
    [InlineData("  - id: pgme\n", "  - id: pgmea\n", "materials[1].id", "duplicate material id 'pgmea'")]
    [InlineData("        - { id: ph, motif: ssq-phenyl, molPercent: 30 }\n  - id: ssq-hpe-ph-mpe", "        - { id: ph, motif: ssq-phenyl, molPercent: 20 }\n  - id: ssq-hpe-ph-mpe", "materials[5].resin.units", "add up to 100, they add up to 90")]
    [InlineData("    role: photoacid-generator\n    molecularWeight: 412.4", "    role: photoacid-generator\n    molecularWeight: -412.4", "materials[17].molecularWeight", "outside the allowed range")]
    [InlineData("crosslinker: { kind: aminoplast, skeleton: melamine, groups: 6, groupTypes: [alkoxymethyl] }", "crosslinker: { kind: aminoplast, groups: 6, groupTypes: [alkoxymethyl] }", "materials[24].crosslinker.skeleton", "is required")]
    [InlineData("acidGenerator: { class: disulfonyldiazomethane }", "acidGenerator: { class: diazo }", "materials[21].acidGenerator.class", "'diazo' is not one of")]
    [InlineData("solvent: pgmea }\n  - { id: ssq-652015", "solvent: toa }\n  - { id: ssq-652015", "stocks[0].solvent", "must have role solvent")]
    public void Bad_catalog_entries_are_rejected(string from, string to, string field, string message)
    {
        Assert.Contains(from, CatalogText);
        var errors = ErrorsOf(() => MaterialCatalog.Parse(CatalogText.Replace(from, to), "materials.yaml"));
        Assert.Contains(message, Single(errors, field).Message);
    }

    [Fact]
    public void Role_block_on_the_wrong_role_is_rejected()
    {
        var text = CatalogText.Replace("    role: solvent\n    molecularWeight: 90.12\n", "    role: solvent\n    molecularWeight: 90.12\n    crosslinker: { kind: phenolic, benzeneRings: 1, groups: 2, groupTypes: [hydroxymethyl] }\n");
        var e = Single(ErrorsOf(() => MaterialCatalog.Parse(text, "materials.yaml")), "materials[1].crosslinker");
        Assert.Contains("only a material with role crosslinker", e.Message);
    }
}
