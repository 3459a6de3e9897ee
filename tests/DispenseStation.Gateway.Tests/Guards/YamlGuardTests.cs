using System.Text;
using DispenseStation.Gateway.Guards;
using DispenseStation.Gateway.Orchestration;

namespace DispenseStation.Gateway.Tests.Guards;

public sealed class YamlGuardTests
{
    private static readonly LimitsOptions Limits = new() { MaxRecipeBytes = 4096, MaxYamlDepth = 8, MaxYamlNodes = 100 };

    private static string Nested(int depth) => new string('[', depth) + "1" + new string(']', depth);

    private static string Sequence(int scalars) => "[" + string.Join(",", Enumerable.Repeat("x", scalars)) + "]";

    /// <summary>Nine anchors, each a list of nine aliases of the one before: 9^levels nodes from a few hundred bytes.</summary>
    public static string AliasBomb(int levels, bool asKeys = false)
    {
        var b = new StringBuilder("l0: &l0 [x,x,x,x,x,x,x,x,x]\n");
        for (var i = 1; i <= levels; i++)
            b.Append($"l{i}: &l{i} ").Append(asKeys ? "{" + string.Join(", ", Enumerable.Range(0, 9).Select(k => $"? *l{i - 1} : {k}")) + "}" : "[" + string.Join(",", Enumerable.Repeat($"*l{i - 1}", 9)) + "]").Append('\n');
        return b.ToString();
    }

    [Fact]
    public void Depth_at_the_limit_passes_and_one_more_level_is_refused_with_its_line()
    {
        YamlGuard.Check(Nested(8), "recipeYaml", Limits);
        var e = Assert.Throws<RequestRejectedException>(() => YamlGuard.Check("name: x\nbody: " + Nested(9), "recipeYaml", Limits));
        Assert.Equal(400, e.Status);
        var error = Assert.Single(e.Errors);
        Assert.Equal(("recipeYaml", "nested deeper than 8 levels", 2), (error.Field, error.Rule, error.Line));
    }

    [Fact]
    public void Flow_nesting_is_counted_from_the_characters_before_the_yaml_scanner_reads_them()
    {
        // The flood's payload: 35 000 levels, refused by the character scan with the line where the limit was passed.
        Assert.Equal(2, YamlGuard.FlowTooDeep("name: deep\nx: " + new string('[', 35_000) + new string(']', 35_000), 32));
        Assert.Null(YamlGuard.FlowTooDeep(Nested(8), 8));
        Assert.Equal(1, YamlGuard.FlowTooDeep(Nested(9), 8));
        // Closed levels free their place: depth, not the number of brackets.
        Assert.Null(YamlGuard.FlowTooDeep(string.Concat(Enumerable.Repeat(Nested(8) + "\n", 50)), 8));
    }

    [Fact]
    public void Brackets_in_quoted_scalars_and_comments_do_not_count_as_nesting()
    {
        var open = new string('[', 20);
        var yaml = $"name: \"{open}\"\nnote: '{open} it''s {open}' # {open}\nlist: [\"{open}\", '{open}', {{k: \"\\\"{open}\"}}]\n# {open}\n";
        Assert.Null(YamlGuard.FlowTooDeep(yaml, 8));
        YamlGuard.Check(yaml, "recipeYaml", Limits);
    }

    [Fact]
    public void Node_count_at_the_limit_passes_and_one_more_is_refused()
    {
        YamlGuard.Check(Sequence(99), "recipeYaml", Limits); // the sequence itself + 99 scalars = 100
        var e = Assert.Throws<RequestRejectedException>(() => YamlGuard.Check(Sequence(100), "recipeYaml", Limits));
        Assert.StartsWith("expands to more than 100 YAML nodes", Assert.Single(e.Errors).Rule);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_alias_bomb_is_refused_from_its_expansion_not_its_size(bool asKeys)
    {
        var bomb = AliasBomb(9, asKeys);
        Assert.True(bomb.Length < 1500, $"{bomb.Length} bytes");
        var e = Assert.Throws<RequestRejectedException>(() => YamlGuard.Check(bomb, "recipeYaml", new LimitsOptions()));
        Assert.Contains("aliases count as copies", Assert.Single(e.Errors).Rule);
    }

    [Fact]
    public void Size_at_the_limit_passes_and_one_byte_more_is_413()
    {
        var atLimit = "a: " + new string('x', 4096 - 3);
        YamlGuard.Check(atLimit, "recipeYaml", Limits);
        var e = Assert.Throws<RequestRejectedException>(() => YamlGuard.Check(atLimit + "x", "recipeYaml", Limits));
        Assert.Equal(413, e.Status);
        Assert.Equal("at most 4096 bytes (got 4097)", Assert.Single(e.Errors).Rule);
    }

    [Fact]
    public void Malformed_yaml_is_left_to_the_recipe_parser_to_report()
    {
        YamlGuard.Check("name: [unclosed", "recipeYaml", Limits);
        YamlGuard.Check("a: *undefined", "recipeYaml", Limits);
    }

    [Fact]
    public void Shipped_recipes_pass_the_default_limits()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "library", "recipes");
        var files = Directory.GetFiles(dir, "*.yaml", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var f in files) YamlGuard.Check(File.ReadAllText(f), f, new LimitsOptions());
    }
}
