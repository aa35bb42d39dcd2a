<?xml version="1.0" encoding="UTF-8"?>
<!-- The clause markup of the document XML (docs/catalogue.md) as XSL-FO:
     paragraphs, bulleted and numbered lists, capitalised disclaimers, tables
     from the clause libraries, emphasis, links, footnotes, references to
     tables, and customer values (always text). Data tables (terms by
     location, covered products, the order) are built from the document's
     data where a clause places them. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:d="urn:pliego:document"
    exclude-result-prefixes="d">

  <!-- Blocks -->

  <xsl:template match="d:p">
    <fo:block space-before="1.6mm" space-after="1.6mm" orphans="2" widows="2">
      <!-- the first paragraph of a list item starts on its label's line -->
      <xsl:if test="parent::d:item and not(preceding-sibling::*)">
        <xsl:attribute name="space-before">0mm</xsl:attribute>
      </xsl:if>
      <xsl:call-template name="paragraph-attributes"/>
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <!-- A subsection. Its number: lettered ones "A.", "B."; decimal ones
       their parent's number and their place ("3.1", "3.1.2"), the clause's
       number coming from a service description's outline (notices number
       no clauses, so their subsections are "1", "2"). A run-in title is
       printed in bold at the start of the first paragraph. -->
  <xsl:template match="d:section">
    <xsl:variable name="number"><xsl:apply-templates select="." mode="section-number"/></xsl:variable>
    <xsl:variable name="title" select="normalize-space(d:title)"/>
    <xsl:choose>
      <xsl:when test="@run-in = 'yes' and *[2][self::d:p]">
        <fo:block space-before="1.6mm" space-after="1.6mm" orphans="2" widows="2">
          <xsl:call-template name="paragraph-attributes"/>
          <fo:inline font-weight="bold">
            <xsl:value-of select="$number"/>
            <xsl:text> </xsl:text>
            <xsl:apply-templates select="d:title/node()"/>
            <!-- the title ends a sentence unless it ends in punctuation -->
            <xsl:if test="not(contains('.:!?。：', substring($title, string-length($title))))">
              <xsl:choose>
                <xsl:when test="$cjk">。</xsl:when>
                <xsl:otherwise>.</xsl:otherwise>
              </xsl:choose>
            </xsl:if>
          </fo:inline>
          <xsl:if test="not($cjk)"><xsl:text> </xsl:text></xsl:if>
          <xsl:apply-templates select="*[2]/node()"/>
        </fo:block>
        <xsl:apply-templates select="*[position() &gt; 2]"/>
      </xsl:when>
      <xsl:otherwise>
        <fo:block font-weight="bold" space-before="2.5mm" space-after="0.5mm"
                  keep-with-next.within-page="always" role="H{count(ancestor-or-self::d:section) + 2}">
          <xsl:value-of select="$number"/>
          <xsl:text> </xsl:text>
          <xsl:apply-templates select="d:title/node()"/>
        </fo:block>
        <xsl:apply-templates select="*[not(self::d:title)]"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="d:section" mode="section-number">
    <xsl:variable name="place" select="count(preceding-sibling::d:section[string(@numbering) = string(current()/@numbering)]) + 1"/>
    <xsl:choose>
      <xsl:when test="@numbering = 'letter'">
        <xsl:call-template name="letter"><xsl:with-param name="n" select="$place"/></xsl:call-template>
        <xsl:text>.</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:choose>
          <xsl:when test="parent::d:section">
            <xsl:variable name="outer"><xsl:apply-templates select=".." mode="section-number"/></xsl:variable>
            <xsl:value-of select="concat(substring($outer, 1, string-length($outer) - (substring($outer, string-length($outer)) = '.')), '.')"/>
          </xsl:when>
          <xsl:when test="/d:document/@kind = 'service-description' and ancestor::d:clause[1][not(@group)]">
            <xsl:value-of select="count(ancestor::d:clause[1]/preceding-sibling::d:clause[not(@group)]) + 1"/>
            <xsl:text>.</xsl:text>
          </xsl:when>
          <xsl:when test="/d:document/@kind = 'service-description'">
            <xsl:variable name="clause" select="ancestor::d:clause[1]"/>
            <xsl:call-template name="letter">
              <xsl:with-param name="n" select="count($clause/preceding-sibling::d:clause[@group = $clause/@group]) + 1"/>
            </xsl:call-template>
            <xsl:text>.</xsl:text>
          </xsl:when>
        </xsl:choose>
        <xsl:value-of select="$place"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="d:list">
    <fo:list-block space-before="1.2mm" space-after="1.6mm">
      <!-- A list inside a list item starts at its item's body, 6 mm per
           level. The start indent is written out because pliego's layout
           reads body-start() from the list-block's own start-indent, not
           the one it inherits. -->
      <xsl:if test="ancestor::d:item">
        <xsl:attribute name="start-indent"><xsl:value-of select="count(ancestor::d:item) * 6"/>mm</xsl:attribute>
      </xsl:if>
      <xsl:attribute name="provisional-distance-between-starts">6mm</xsl:attribute>
      <xsl:attribute name="provisional-label-separation">2mm</xsl:attribute>
      <xsl:apply-templates select="d:item"/>
    </fo:list-block>
  </xsl:template>

  <xsl:template match="d:item">
    <fo:list-item space-before="0.8mm">
      <fo:list-item-label end-indent="label-end()">
        <fo:block>
          <xsl:choose>
            <xsl:when test="../@style = 'numbered'"><xsl:value-of select="position()"/>.</xsl:when>
            <xsl:otherwise>•</xsl:otherwise>
          </xsl:choose>
        </fo:block>
      </fo:list-item-label>
      <fo:list-item-body start-indent="body-start()">
        <xsl:choose>
          <xsl:when test="d:p | d:list">
            <xsl:apply-templates/>
          </xsl:when>
          <xsl:otherwise>
            <fo:block>
              <xsl:call-template name="paragraph-attributes"/>
              <xsl:apply-templates/>
            </fo:block>
          </xsl:otherwise>
        </xsl:choose>
      </fo:list-item-body>
    </fo:list-item>
  </xsl:template>

  <!-- Disclaimers are printed in capitals, boxed, as legal practice wants
       them conspicuous; scripts without case are only boxed. -->
  <xsl:template match="d:disclaimer">
    <fo:block space-before="2.5mm" space-after="2.5mm" padding="2mm 2.5mm"
              border="0.75pt solid {$rule-colour}" background-color="#f6f7f9"
              font-weight="bold" text-transform="uppercase" font-size="8.5pt"
              keep-together.within-page="5">
      <xsl:apply-templates/>
    </fo:block>
  </xsl:template>

  <!-- A table from a clause library: the head (one row of cells, or rows
       whose cells span columns and rows) repeats on every page the table
       reaches; the first column is narrower. The body's first row has one
       cell per column (`pliego check` sees to it). -->
  <xsl:template match="d:table">
    <xsl:variable name="columns" select="count(d:row[1]/d:cell)"/>
    <fo:table id="table-{@id}" width="100%" table-layout="fixed" space-before="2mm" space-after="3mm"
              border-collapse="collapse" border="0.75pt solid {$rule-colour}" font-size="8.5pt">
      <xsl:for-each select="d:row[1]/d:cell">
        <fo:table-column column-number="{position()}">
          <xsl:attribute name="column-width">
            <xsl:choose>
              <xsl:when test="position() = 1 and $columns &gt; 2">proportional-column-width(1)</xsl:when>
              <xsl:otherwise>proportional-column-width(2.5)</xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
        </fo:table-column>
      </xsl:for-each>
      <fo:table-header background-color="{$shade}" font-weight="bold">
        <xsl:choose>
          <xsl:when test="d:head/d:row">
            <xsl:for-each select="d:head/d:row">
              <fo:table-row keep-with-next.within-page="always">
                <xsl:apply-templates select="d:cell"/>
              </fo:table-row>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise>
            <fo:table-row keep-with-next.within-page="always">
              <xsl:apply-templates select="d:head/d:cell"/>
            </fo:table-row>
          </xsl:otherwise>
        </xsl:choose>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="d:row">
          <fo:table-row>
            <xsl:apply-templates select="d:cell"/>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template match="d:cell">
    <fo:table-cell padding="1.5mm" border="0.5pt solid {$rule-colour}">
      <xsl:if test="@columns &gt; 1">
        <xsl:attribute name="number-columns-spanned"><xsl:value-of select="@columns"/></xsl:attribute>
        <xsl:attribute name="text-align">center</xsl:attribute>
      </xsl:if>
      <xsl:if test="@rows &gt; 1">
        <xsl:attribute name="number-rows-spanned"><xsl:value-of select="@rows"/></xsl:attribute>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="d:p | d:list">
          <xsl:apply-templates/>
        </xsl:when>
        <xsl:otherwise>
          <fo:block><xsl:apply-templates/></fo:block>
        </xsl:otherwise>
      </xsl:choose>
    </fo:table-cell>
  </xsl:template>

  <!-- Data tables, built from the document's data where a clause puts them. -->

  <xsl:template match="d:data-table[@ref = 'terms']">
    <xsl:variable name="rows" select="/d:document/d:terms-table/d:row"/>
    <fo:table width="100%" table-layout="fixed" space-before="2mm" space-after="3mm"
              border-collapse="collapse" border="0.75pt solid {$rule-colour}" font-size="8pt">
      <fo:table-column column-width="proportional-column-width(2)"/>
      <fo:table-column column-width="proportional-column-width(3)"/>
      <fo:table-column column-width="proportional-column-width(3)"/>
      <fo:table-header background-color="{$shade}" font-weight="bold">
        <!-- location over two rows; the purchase terms over the two
             channels' columns -->
        <fo:table-row>
          <xsl:call-template name="header-cell">
            <xsl:with-param name="id" select="'location'"/>
            <xsl:with-param name="rows" select="2"/>
          </xsl:call-template>
          <xsl:call-template name="header-cell">
            <xsl:with-param name="id" select="'purchase-terms'"/>
            <xsl:with-param name="columns" select="2"/>
          </xsl:call-template>
        </fo:table-row>
        <fo:table-row>
          <xsl:call-template name="header-cell"><xsl:with-param name="id" select="'direct-purchase'"/></xsl:call-template>
          <xsl:call-template name="header-cell"><xsl:with-param name="id" select="'reseller-purchase'"/></xsl:call-template>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="$rows">
          <fo:table-row>
            <fo:table-cell padding="1.5mm" border="0.5pt solid {$rule-colour}">
              <fo:block font-weight="bold"><xsl:value-of select="d:location"/></fo:block>
            </fo:table-cell>
            <xsl:apply-templates select="d:direct" mode="terms-cell"/>
            <xsl:apply-templates select="d:reseller" mode="terms-cell"/>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template name="header-cell">
    <xsl:param name="id"/>
    <xsl:param name="columns" select="1"/>
    <xsl:param name="rows" select="1"/>
    <fo:table-cell padding="1.5mm" border="0.5pt solid {$rule-colour}">
      <xsl:if test="$columns &gt; 1">
        <xsl:attribute name="number-columns-spanned"><xsl:value-of select="$columns"/></xsl:attribute>
        <xsl:attribute name="text-align">center</xsl:attribute>
      </xsl:if>
      <xsl:if test="$rows &gt; 1">
        <xsl:attribute name="number-rows-spanned"><xsl:value-of select="$rows"/></xsl:attribute>
      </xsl:if>
      <fo:block>
        <xsl:call-template name="label"><xsl:with-param name="id" select="$id"/></xsl:call-template>
      </fo:block>
    </fo:table-cell>
  </xsl:template>

  <!-- A terms cell: the URL as a link, or the paragraph that replaces the
       terms. A clause repeated on the next rows of the same region is
       printed once, spanning those rows. -->
  <xsl:template match="d:direct | d:reseller" mode="terms-cell">
    <xsl:variable name="name" select="local-name()"/>
    <xsl:variable name="row" select=".."/>
    <xsl:variable name="previous" select="$row/preceding-sibling::d:row[1]/*[local-name() = $name]"/>
    <xsl:choose>
      <xsl:when test="@clause and $previous/@clause = @clause and $row/preceding-sibling::d:row[1]/@region = $row/@region"/>
      <xsl:otherwise>
        <fo:table-cell padding="1.5mm" border="0.5pt solid {$rule-colour}">
          <xsl:if test="@clause">
            <xsl:variable name="span">
              <xsl:call-template name="same-clause-run">
                <xsl:with-param name="row" select="$row/following-sibling::d:row[1]"/>
                <xsl:with-param name="name" select="$name"/>
                <xsl:with-param name="clause" select="@clause"/>
                <xsl:with-param name="region" select="$row/@region"/>
              </xsl:call-template>
            </xsl:variable>
            <xsl:if test="$span &gt; 1">
              <xsl:attribute name="number-rows-spanned"><xsl:value-of select="$span"/></xsl:attribute>
            </xsl:if>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="@url and d:p">
              <!-- the region's own wording: text and links -->
              <fo:block wrap-option="wrap">
                <xsl:call-template name="rtl-mark"/>
                <xsl:apply-templates select="d:p/node()"/>
              </fo:block>
            </xsl:when>
            <xsl:when test="@url">
              <fo:block wrap-option="wrap">
                <xsl:call-template name="rtl-mark"/>
                <fo:basic-link external-destination="url({@url})" color="{$accent}">
                  <xsl:value-of select="@url"/>
                </fo:basic-link>
              </fo:block>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates select="d:p | d:list"/>
            </xsl:otherwise>
          </xsl:choose>
        </fo:table-cell>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- 1 + the number of rows from $row on that repeat the same clause in
       the same region. -->
  <xsl:template name="same-clause-run">
    <xsl:param name="row"/>
    <xsl:param name="name"/>
    <xsl:param name="clause"/>
    <xsl:param name="region"/>
    <xsl:param name="count" select="1"/>
    <xsl:choose>
      <xsl:when test="$row and $row/@region = $region and $row/*[local-name() = $name]/@clause = $clause">
        <xsl:call-template name="same-clause-run">
          <xsl:with-param name="row" select="$row/following-sibling::d:row[1]"/>
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="clause" select="$clause"/>
          <xsl:with-param name="region" select="$region"/>
          <xsl:with-param name="count" select="$count + 1"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$count"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="d:data-table[@ref = 'products']">
    <fo:table width="100%" table-layout="fixed" space-before="2mm" space-after="3mm"
              border-collapse="collapse" border="0.75pt solid {$rule-colour}" font-size="8.5pt">
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-column column-width="proportional-column-width(3)"/>
      <fo:table-header background-color="{$shade}" font-weight="bold">
        <fo:table-row>
          <xsl:call-template name="header-cell"><xsl:with-param name="id" select="'service-tag'"/></xsl:call-template>
          <xsl:call-template name="header-cell"><xsl:with-param name="id" select="'product'"/></xsl:call-template>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="/d:document/d:order/d:product">
          <fo:table-row>
            <fo:table-cell padding="1.5mm" border="0.5pt solid {$rule-colour}">
              <fo:block font-family="Liberation Mono, monospace"><xsl:call-template name="rtl-mark"/><xsl:value-of select="@service-tag"/></fo:block>
            </fo:table-cell>
            <fo:table-cell padding="1.5mm" border="0.5pt solid {$rule-colour}">
              <fo:block><xsl:call-template name="rtl-mark"/><xsl:value-of select="."/></fo:block>
            </fo:table-cell>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template match="d:data-table[@ref = 'order']">
    <xsl:variable name="order" select="/d:document/d:order"/>
    <fo:table width="100%" table-layout="fixed" space-before="2mm" space-after="3mm"
              font-size="8.5pt" keep-together.within-page="always">
      <fo:table-column column-width="proportional-column-width(1)"/>
      <fo:table-column column-width="proportional-column-width(2)"/>
      <fo:table-body>
        <xsl:call-template name="fact">
          <xsl:with-param name="label-id" select="'order-number'"/>
          <xsl:with-param name="value" select="string($order/@number)"/>
        </xsl:call-template>
        <xsl:call-template name="fact">
          <xsl:with-param name="label-id" select="'start-date'"/>
          <xsl:with-param name="value" select="string($order/d:start)"/>
        </xsl:call-template>
        <xsl:call-template name="fact">
          <xsl:with-param name="label-id" select="'end-date'"/>
          <xsl:with-param name="value" select="string($order/d:end)"/>
        </xsl:call-template>
        <xsl:if test="$order/d:term">
          <xsl:call-template name="fact">
            <xsl:with-param name="label-id" select="'term'"/>
            <xsl:with-param name="value" select="string($order/d:term)"/>
          </xsl:call-template>
        </xsl:if>
        <xsl:for-each select="$order/@systems | $order/@licences | $order/@users">
          <xsl:call-template name="fact">
            <xsl:with-param name="label-id" select="local-name()"/>
            <xsl:with-param name="value" select="string(.)"/>
          </xsl:call-template>
        </xsl:for-each>
        <xsl:call-template name="fact">
          <xsl:with-param name="label-id" select="'price'"/>
          <xsl:with-param name="value" select="string($order/d:price)"/>
        </xsl:call-template>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <!-- Inline -->

  <xsl:template match="d:em">
    <fo:inline font-style="italic"><xsl:apply-templates/></fo:inline>
  </xsl:template>

  <xsl:template match="d:strong">
    <fo:inline font-weight="bold"><xsl:apply-templates/></fo:inline>
  </xsl:template>

  <!-- A link is never hyphenated: an inserted hyphen would change the
       address a reader types. -->
  <xsl:template match="d:link">
    <fo:basic-link external-destination="url({@href})" color="{$accent}" hyphenate="false">
      <xsl:apply-templates/>
    </fo:basic-link>
  </xsl:template>

  <!-- Customer data: text, as the assembler made it. -->
  <xsl:template match="d:value">
    <xsl:value-of select="."/>
  </xsl:template>

  <!-- A reference to a table: the title of the clause that holds it, as a
       link to the table. -->
  <xsl:template match="d:table-ref">
    <xsl:variable name="table" select="//d:table[@id = current()/@ref]"/>
    <xsl:choose>
      <xsl:when test="$table">
        <fo:basic-link internal-destination="table-{@ref}" color="{$accent}">
          <xsl:text>«</xsl:text>
          <xsl:value-of select="$table/ancestor::d:clause[1]/d:title"/>
          <xsl:text>»</xsl:text>
        </fo:basic-link>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message>pliego: table-ref to "<xsl:value-of select="@ref"/>", which the document does not hold</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Footnotes are numbered through the document. -->
  <xsl:template match="d:footnote">
    <xsl:variable name="number" select="count(preceding::d:footnote) + 1"/>
    <fo:footnote>
      <fo:inline baseline-shift="super" font-size="65%"><xsl:value-of select="$number"/></fo:inline>
      <fo:footnote-body>
        <fo:list-block provisional-distance-between-starts="4mm" provisional-label-separation="1mm"
                       font-size="7.5pt" font-weight="normal" font-style="normal"
                       text-transform="none" start-indent="0pt" end-indent="0pt"
                       space-before="1mm">
          <fo:list-item>
            <fo:list-item-label end-indent="label-end()">
              <fo:block><xsl:value-of select="$number"/></fo:block>
            </fo:list-item-label>
            <fo:list-item-body start-indent="body-start()">
              <fo:block text-align="start"><xsl:apply-templates/></fo:block>
            </fo:list-item-body>
          </fo:list-item>
        </fo:list-block>
      </fo:footnote-body>
    </fo:footnote>
  </xsl:template>
</xsl:stylesheet>
