<?xml version="1.0" encoding="UTF-8"?>
<!-- The redline of `pliego diff`: the redline XML (urn:pliego:redline,
     written by the review stage) as XSL-FO. First the two sides and a
     summary table (clause, status, A and B versions), then the facts of
     region and terms that differ, then each clause that is not the same
     with its id, both hashes and its words: insertions underlined in blue,
     deletions struck through in red, so the marks survive black-and-white
     printing and colour blindness alike. -->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:fo="http://www.w3.org/1999/XSL/Format"
    xmlns:r="urn:pliego:redline"
    exclude-result-prefixes="r">

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="lang" select="substring-before(concat(/r:redline/@lang, '-'), '-')"/>
  <xsl:variable name="font-family">
    <xsl:choose>
      <xsl:when test="$lang = 'ja'">Noto Sans CJK JP, sans-serif</xsl:when>
      <xsl:when test="$lang = 'zh'">Noto Sans CJK SC, sans-serif</xsl:when>
      <xsl:when test="$lang = 'ko'">Noto Sans CJK KR, sans-serif</xsl:when>
      <xsl:otherwise>Liberation Sans, sans-serif</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="insert-colour">#1a5fb4</xsl:variable>
  <xsl:variable name="delete-colour">#c01c28</xsl:variable>
  <xsl:variable name="rule-colour">#9aa7b4</xsl:variable>
  <xsl:variable name="shade">#e9eef3</xsl:variable>

  <xsl:template match="/">
    <fo:root font-family="{$font-family}" font-size="9pt" line-height="1.35"
             language="{$lang}">
      <fo:layout-master-set>
        <fo:simple-page-master master-name="page" page-width="210mm" page-height="297mm"
                               margin="15mm 18mm 12mm 18mm">
          <fo:region-body margin-top="10mm" margin-bottom="10mm"/>
          <fo:region-before extent="8mm"/>
          <fo:region-after extent="8mm"/>
        </fo:simple-page-master>
      </fo:layout-master-set>
      <fo:declarations>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
          <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" rdf:about="">
              <dc:title>Redline</dc:title>
            </rdf:Description>
          </rdf:RDF>
        </x:xmpmeta>
      </fo:declarations>
      <fo:page-sequence master-reference="page">
        <fo:static-content flow-name="xsl-region-before">
          <fo:block font-size="7.5pt" color="#4a5560" border-bottom="0.5pt solid {$rule-colour}">
            <xsl:text>Redline: </xsl:text>
            <xsl:value-of select="/r:redline/r:side[@name = 'a']/@label"/>
            <xsl:text> → </xsl:text>
            <xsl:value-of select="/r:redline/r:side[@name = 'b']/@label"/>
          </fo:block>
        </fo:static-content>
        <fo:static-content flow-name="xsl-region-after">
          <fo:block font-size="7.5pt" color="#4a5560" text-align="end">
            <xsl:text>Page </xsl:text><fo:page-number/>
          </fo:block>
        </fo:static-content>
        <fo:flow flow-name="xsl-region-body">
          <xsl:apply-templates select="r:redline"/>
        </fo:flow>
      </fo:page-sequence>
    </fo:root>
  </xsl:template>

  <xsl:template match="r:redline">
    <fo:block font-size="15pt" font-weight="bold" space-after="3mm">Redline</fo:block>
    <xsl:apply-templates select="r:side"/>
    <fo:block space-before="2mm" space-after="3mm">
      <!-- the legend names the marks without wearing them: in the PDF only
           changed words are underlined or struck through -->
      <xsl:text>Insertions are underlined in </xsl:text>
      <fo:inline color="{$insert-colour}">blue</fo:inline>
      <xsl:text>, deletions struck through in </xsl:text>
      <fo:inline color="{$delete-colour}">red</fo:inline>
      <xsl:text>.</xsl:text>
      <xsl:if test="@same = 'true'"> The two documents are the same.</xsl:if>
    </fo:block>
    <xsl:apply-templates select="r:summary"/>
    <xsl:apply-templates select="r:facts[r:fact]"/>
    <xsl:apply-templates select="r:change"/>
  </xsl:template>

  <xsl:template match="r:side">
    <fo:block>
      <fo:inline font-weight="bold"><xsl:value-of select="translate(@name, 'ab', 'AB')"/>: </fo:inline>
      <xsl:value-of select="@label"/>
      <xsl:text> (</xsl:text>
      <xsl:value-of select="@kind"/>
      <xsl:if test="@region">, region <xsl:value-of select="@region"/></xsl:if>
      <xsl:if test="@country">, <xsl:value-of select="@country"/></xsl:if>
      <xsl:if test="@channel">, <xsl:value-of select="@channel"/></xsl:if>
      <xsl:if test="@lang">, <xsl:value-of select="@lang"/></xsl:if>
      <xsl:if test="@date">, <xsl:value-of select="@date"/></xsl:if>
      <xsl:text>)</xsl:text>
    </fo:block>
  </xsl:template>

  <xsl:template name="cell">
    <xsl:param name="text"/>
    <xsl:param name="bold" select="false()"/>
    <fo:table-cell padding="0.8mm 1.5mm" border-bottom="0.4pt solid {$rule-colour}">
      <fo:block>
        <xsl:if test="$bold"><xsl:attribute name="font-weight">bold</xsl:attribute></xsl:if>
        <xsl:value-of select="$text"/>
      </fo:block>
    </fo:table-cell>
  </xsl:template>

  <xsl:template name="version">
    <xsl:param name="version"/>
    <xsl:param name="lang"/>
    <xsl:choose>
      <xsl:when test="$version"><xsl:value-of select="concat($version, ' (', $lang, ')')"/></xsl:when>
      <xsl:otherwise>-</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="r:summary">
    <fo:table table-layout="fixed" width="100%" font-size="8pt" space-after="4mm">
      <fo:table-column column-width="40%"/>
      <fo:table-column column-width="24%"/>
      <fo:table-column column-width="18%"/>
      <fo:table-column column-width="18%"/>
      <fo:table-header background-color="{$shade}">
        <fo:table-row>
          <xsl:call-template name="cell"><xsl:with-param name="text">Clause</xsl:with-param><xsl:with-param name="bold" select="true()"/></xsl:call-template>
          <xsl:call-template name="cell"><xsl:with-param name="text">Status</xsl:with-param><xsl:with-param name="bold" select="true()"/></xsl:call-template>
          <xsl:call-template name="cell"><xsl:with-param name="text">A version</xsl:with-param><xsl:with-param name="bold" select="true()"/></xsl:call-template>
          <xsl:call-template name="cell"><xsl:with-param name="text">B version</xsl:with-param><xsl:with-param name="bold" select="true()"/></xsl:call-template>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="r:clause">
          <fo:table-row>
            <xsl:call-template name="cell"><xsl:with-param name="text" select="@id"/></xsl:call-template>
            <xsl:call-template name="cell">
              <xsl:with-param name="text" select="@status"/>
              <xsl:with-param name="bold" select="@status != 'same'"/>
            </xsl:call-template>
            <xsl:call-template name="cell">
              <xsl:with-param name="text">
                <xsl:call-template name="version">
                  <xsl:with-param name="version" select="@a-version"/>
                  <xsl:with-param name="lang" select="@a-lang"/>
                </xsl:call-template>
              </xsl:with-param>
            </xsl:call-template>
            <xsl:call-template name="cell">
              <xsl:with-param name="text">
                <xsl:call-template name="version">
                  <xsl:with-param name="version" select="@b-version"/>
                  <xsl:with-param name="lang" select="@b-lang"/>
                </xsl:call-template>
              </xsl:with-param>
            </xsl:call-template>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template match="r:facts">
    <fo:block font-size="11pt" font-weight="bold" space-before="2mm" space-after="1.5mm"
              keep-with-next.within-page="always">Facts of region and terms that differ</fo:block>
    <fo:table table-layout="fixed" width="100%" font-size="8pt" space-after="4mm">
      <fo:table-column column-width="30%"/>
      <fo:table-column column-width="35%"/>
      <fo:table-column column-width="35%"/>
      <fo:table-header background-color="{$shade}">
        <fo:table-row>
          <xsl:call-template name="cell"><xsl:with-param name="text">Fact</xsl:with-param><xsl:with-param name="bold" select="true()"/></xsl:call-template>
          <xsl:call-template name="cell"><xsl:with-param name="text">A</xsl:with-param><xsl:with-param name="bold" select="true()"/></xsl:call-template>
          <xsl:call-template name="cell"><xsl:with-param name="text">B</xsl:with-param><xsl:with-param name="bold" select="true()"/></xsl:call-template>
        </fo:table-row>
      </fo:table-header>
      <fo:table-body>
        <xsl:for-each select="r:fact">
          <fo:table-row>
            <xsl:call-template name="cell"><xsl:with-param name="text" select="@name"/></xsl:call-template>
            <fo:table-cell padding="0.8mm 1.5mm" border-bottom="0.4pt solid {$rule-colour}">
              <fo:block color="{$delete-colour}"><xsl:value-of select="@a"/></fo:block>
            </fo:table-cell>
            <fo:table-cell padding="0.8mm 1.5mm" border-bottom="0.4pt solid {$rule-colour}">
              <fo:block color="{$insert-colour}"><xsl:value-of select="@b"/></fo:block>
            </fo:table-cell>
          </fo:table-row>
        </xsl:for-each>
      </fo:table-body>
    </fo:table>
  </xsl:template>

  <xsl:template match="r:change">
    <fo:block space-before="4mm" keep-with-next.within-page="always" font-size="10.5pt"
              font-weight="bold" border-top="0.5pt solid {$rule-colour}" padding-top="1.5mm">
      <xsl:value-of select="@id"/>
      <xsl:text>: </xsl:text>
      <xsl:value-of select="@title"/>
    </fo:block>
    <fo:block font-size="7.5pt" color="#4a5560" keep-with-next.within-page="always">
      <xsl:value-of select="@status"/>
      <xsl:if test="@content != 'same'"> (<xsl:value-of select="@content"/>)</xsl:if>
    </fo:block>
    <fo:block font-size="7pt" color="#4a5560" font-family="Liberation Mono, monospace"
              keep-with-next.within-page="always">
      <xsl:text>A </xsl:text>
      <xsl:choose>
        <xsl:when test="@a-sha256"><xsl:value-of select="concat('v', @a-version, ' ', @a-sha256)"/></xsl:when>
        <xsl:otherwise>-</xsl:otherwise>
      </xsl:choose>
    </fo:block>
    <fo:block font-size="7pt" color="#4a5560" font-family="Liberation Mono, monospace"
              space-after="1.5mm" keep-with-next.within-page="always">
      <xsl:text>B </xsl:text>
      <xsl:choose>
        <xsl:when test="@b-sha256"><xsl:value-of select="concat('v', @b-version, ' ', @b-sha256)"/></xsl:when>
        <xsl:otherwise>-</xsl:otherwise>
      </xsl:choose>
    </fo:block>
    <xsl:choose>
      <xsl:when test="r:equal or r:insert or r:delete">
        <fo:block text-align="start"><xsl:apply-templates select="node()"/></fo:block>
      </xsl:when>
      <xsl:when test="@content = 'whitespace'">
        <fo:block font-style="italic">Only whitespace differs.</fo:block>
      </xsl:when>
      <xsl:when test="@content = 'markup'">
        <fo:block font-style="italic">Only markup differs (emphasis, lists, tables); the words are the same.</fo:block>
      </xsl:when>
      <xsl:otherwise>
        <fo:block font-style="italic">The words are the same.</fo:block>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="r:equal"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="r:insert">
    <fo:inline text-decoration="underline" color="{$insert-colour}"><xsl:value-of select="."/></fo:inline>
  </xsl:template>
  <xsl:template match="r:delete">
    <fo:inline text-decoration="line-through" color="{$delete-colour}"><xsl:value-of select="."/></fo:inline>
  </xsl:template>
</xsl:stylesheet>
